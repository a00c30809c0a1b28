package dev.gatehouse.platform.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A new password keeps {@link PasswordRule}. Null is left to {@code @NotNull}. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = Password.Validator.class)
public @interface Password {

    /** The message in {@code errors[]}. */
    String message() default "must be 8 to 72 bytes long in UTF-8";

    /** Validation groups. */
    Class<?>[] groups() default {};

    /** Payload. */
    Class<? extends Payload>[] payload() default {};

    /** Applies {@link PasswordRule#acceptable}. */
    class Validator implements ConstraintValidator<Password, String> {
        /** {@inheritDoc} */
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || PasswordRule.acceptable(value);
        }
    }
}
