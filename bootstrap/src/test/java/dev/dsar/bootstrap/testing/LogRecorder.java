package dev.dsar.bootstrap.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Records what one class logs while a test runs, so that an error the test provokes on purpose is asserted
 * instead of only printed.
 */
public final class LogRecorder implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogRecorder(String loggerName) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
        appender.start();
        logger.addAppender(appender);
    }

    public static LogRecorder of(Class<?> source) {
        return new LogRecorder(source.getName());
    }

    /** By name, for a class this package cannot see. */
    public static LogRecorder of(String loggerName) {
        return new LogRecorder(loggerName);
    }

    /** The formatted messages logged at {@code level} (e.g. "ERROR") so far. */
    public List<String> messages(String level) {
        synchronized (appender.list) {
            return appender.list.stream().filter(event -> event.getLevel().toString().equals(level))
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
