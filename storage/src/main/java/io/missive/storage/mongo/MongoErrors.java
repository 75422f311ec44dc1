package io.missive.storage.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import org.jetbrains.annotations.NotNull;

import java.util.concurrent.CompletionException;

/** Classifies driver exceptions. */
public final class MongoErrors {

    private MongoErrors() {
    }

    public static @NotNull Throwable unwrap(final @NotNull Throwable t) {
        Throwable cause = t;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** True when the write failed only because a unique index already held the key. */
    public static boolean isDuplicateKey(final @NotNull Throwable t) {
        final Throwable cause = unwrap(t);
        if (cause instanceof MongoWriteException) {
            return ((MongoWriteException) cause).getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
        }
        if (cause instanceof MongoBulkWriteException) {
            final MongoBulkWriteException bulk = (MongoBulkWriteException) cause;
            return !bulk.getWriteErrors().isEmpty() && bulk.getWriteErrors().stream()
                    .allMatch(e -> ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY);
        }
        // findOneAndUpdate and other commands report it as a command error with the same code
        return cause instanceof MongoServerException
                && ErrorCategory.fromErrorCode(((MongoServerException) cause).getCode()) == ErrorCategory.DUPLICATE_KEY;
    }

    /**
     * For an ordered insertMany that failed on a duplicate key: how many documents, from the
     * start, were inserted before the failure. -1 when the failure was not a duplicate key.
     */
    public static int insertedPrefix(final @NotNull Throwable t) {
        final Throwable cause = unwrap(t);
        if (cause instanceof MongoBulkWriteException && isDuplicateKey(cause)) {
            return ((MongoBulkWriteException) cause).getWriteErrors().stream()
                    .mapToInt(BulkWriteError::getIndex).min().orElse(0);
        }
        if (cause instanceof MongoWriteException && isDuplicateKey(cause)) {
            return 0;
        }
        return -1;
    }
}
