package io.github.asyncjobs.handler;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** An ISO-8601 date or date-time, with or without an offset ({@code 2024-05-01T10:15:00Z}, {@code 2024-05-01}). */
@Retention(RUNTIME)
@Target({ FIELD, METHOD, PARAMETER, RECORD_COMPONENT })
@Constraint(validatedBy = IsoTimestamp.Validator.class)
public @interface IsoTimestamp {

    String message() default "must be an ISO-8601 date or date-time";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<IsoTimestamp, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || Timestamps.instant(value).isPresent();
        }
    }
}
