package io.mailfleet.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs the AWS emulator. Test methods may take an {@link AwsEmulator}.
 *
 * <p>The emulator is the one {@code AWS_ENDPOINT_URL} names; {@code make aws-up} starts the local
 * one. When none answers, every test in the class fails and says how to start it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LocalAwsExtension.class)
public @interface LocalAws {}
