package dev.dsar.bootstrap.cli;

/**
 * A command whose answer is JSON on stdout: when it fails with an exception, stdout still gets
 * {@code {"ok":false,"error":…}} (the same text as the line on stderr), so that a script always has JSON to read.
 */
interface PrintsJson {
}
