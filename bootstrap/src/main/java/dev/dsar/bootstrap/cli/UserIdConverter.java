package dev.dsar.bootstrap.cli;

import dev.dsar.domain.UserId;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --user-id N}, for every command that takes one: a positive whole number. The words are those picocli
 * used for a plain {@code long} option plus the positive check the commands made, so the command line answers as
 * before.
 */
final class UserIdConverter implements ITypeConverter<UserId> {

    static final String NOT_POSITIVE = "--user-id must be a positive integer";

    @Override
    public UserId convert(String value) {
        long id;
        try {
            id = Long.parseLong(value);
        } catch (NumberFormatException notANumber) {
            throw new TypeConversionException("'" + value + "' is not a long");
        }
        if (id <= 0) {
            throw new UsageError(NOT_POSITIVE);
        }
        return new UserId(id);
    }
}
