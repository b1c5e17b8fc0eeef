package dev.dsar.adapters.filesystem.violations;

/** Breaks adapter independence on purpose (test sources only): one adapter using another. */
public final class FilesystemAdapterCallingPersistence {
    public String database() {
        return dev.dsar.adapters.persistence.PostgresLocation.parse("postgresql://u@h:5432/d").describe();
    }
}
