package dev.dsar.bootstrap;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background priority for the threads of cleanup cycles, so that a big cycle takes the CPU downloads leave idle
 * rather than a share of theirs. On Linux the nice value belongs to each thread: {@code setpriority(PRIO_PROCESS,
 * 0, n)} changes the calling thread alone, and raising one's own nice value needs no privilege. Elsewhere it
 * belongs to the whole process, so nothing is changed there. Threads inherit the nice value of the thread that
 * starts them: a lowered thread must only start threads meant to be lowered too.
 */
final class BackgroundPriority {

    /**
     * The nice value of cleanup's threads. Against a thread at 0 the scheduler weighs it 110 to 1024: when both
     * want the CPU it gets about a tenth, enough that a cycle still ends under a download load that fills the
     * machine; when the CPU is idle it gets all of it.
     */
    static final int NICE = 10;

    private static final int PRIO_PROCESS = 0;
    private static final int CALLING_THREAD = 0;
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);
    private static final AtomicBoolean REPORTED = new AtomicBoolean();

    private BackgroundPriority() {
    }

    private interface LibC extends Library {
        int setpriority(int which, int who, int prio) throws LastErrorException;

        int getpriority(int which, int who) throws LastErrorException;
    }

    /** Loaded on first use, so that a service without cleanup threads never loads native code. */
    private static final class Native4Linux {
        static final LibC LIBC = load();

        private static LibC load() {
            if (!Platform.isLinux()) {
                unavailable("the nice value is per thread only on Linux");
                return null;
            }
            try {
                return Native.load("c", LibC.class);
            } catch (LinkageError | RuntimeException failure) {
                unavailable(failure.getMessage());
                return null;
            }
        }
    }

    /** Lowers the calling thread to {@link #NICE} (never raises it); false when that cannot be done here. */
    static boolean lowerCurrentThread() {
        OptionalInt nice = currentThreadNice();
        if (nice.isEmpty()) {
            return false;
        }
        if (nice.getAsInt() >= NICE) {
            return true;
        }
        try {
            Native4Linux.LIBC.setpriority(PRIO_PROCESS, CALLING_THREAD, NICE);
            return true;
        } catch (LastErrorException | LinkageError failure) {
            unavailable(failure.getMessage());
            return false;
        }
    }

    /** The nice value of the calling thread, where it has one of its own. */
    static OptionalInt currentThreadNice() {
        LibC libc = Native4Linux.LIBC;
        if (libc == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(libc.getpriority(PRIO_PROCESS, CALLING_THREAD));
        } catch (LastErrorException | LinkageError failure) {
            unavailable(failure.getMessage());
            return OptionalInt.empty();
        }
    }

    private static void unavailable(String why) {
        if (REPORTED.compareAndSet(false, true)) {
            LOG.info("cleanup threads keep the normal priority ({})", why);
        }
    }
}
