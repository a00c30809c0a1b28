package dev.gatehouse.platform.rest;

import static dev.gatehouse.platform.json.JsonSupport.JSON;

import dev.gatehouse.platform.json.JsonNames;
import dev.gatehouse.platform.problem.Failures;
import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.platform.problem.FieldError;
import dev.gatehouse.platform.web.BufferedRequest;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.inject.Inject;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Reads every JSON request body (any JSON media type, {@code application/merge-patch+json}
 * included) into its request record, strictly: valid UTF-8, a JSON object, no deeper than 64
 * levels, no number longer than 100 characters, no NUL; each field must have the record
 * component's JSON type (a number is never coerced to a string, nor to a boolean); enum
 * components take exactly their lower-case wire names; unknown fields are ignored; {@code null} is
 * a wrong type unless the component is documented nullable. Field names are the snake_case of the
 * component names. An empty body is {@code Malformed JSON}. Any failure is a 400 problem document,
 * with {@code errors[]} for wrong field types; missing fields are left null for Bean Validation.
 *
 * <p>The bound record is then validated here, once, against its constraints ({@link RecordValidation}).
 * Resource methods therefore carry no {@code @Valid}: with it, the JAX-RS runtime and the
 * validation interceptor of CDI may each validate the same body again (on WildFly both did: 9% of a
 * refresh's samples, and 1,783 against 2,324 refreshes/s in an A/B).
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json", "application/*+json"})
public class JsonBodyReader implements MessageBodyReader<Record> {

    /** Deepest nesting accepted. */
    public static final int MAX_DEPTH = 64;
    /** Longest number literal accepted. */
    public static final int MAX_NUMBER_LENGTH = 100;

    @Inject
    RecordValidation validation;

    /** Any record type is read here. */
    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.isRecord();
    }

    /** Parses, checks and binds; see the class comment for the rules. */
    @Override
    public Record readFrom(Class<Record> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> headers, InputStream entity) throws IOException {
        byte[] body;
        try {
            body = entity.readAllBytes();
        } catch (BufferedRequest.TooLarge e) {
            throw Failure.tooLarge();
        } catch (IOException e) {
            // The client sent less than it announced and went away: its problem, not a server fault.
            throw Failures.clientAbort(e);
        }
        return validation.validated(bind(type, parse(body)));
    }

    /** The body as a JSON object, after every shape check. */
    static JsonObject parse(byte[] body) {
        if (body.length == 0) {
            throw Failure.malformedJson();
        }
        checkUtf8(body);
        checkShape(body);
        JsonStructure json;
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(body))) {
            json = reader.read();
        } catch (RuntimeException e) {
            // Parsson throws JsonException for bad syntax and NumberFormatException (exponent
            // overflow) or others for input it cannot represent: all are the client's malformed JSON.
            throw malformed();
        }
        if (!(json instanceof JsonObject object)) {
            throw Failure.badRequest("Request body must be a JSON object");
        }
        return object;
    }

    private static void checkUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw Failure.badRequest("Request body is not valid UTF-8");
        }
    }

    private static void checkShape(byte[] body) {
        try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(body))) {
            int depth = 0;
            while (parser.hasNext()) {
                switch (parser.next()) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > MAX_DEPTH) {
                            throw Failure.badRequest("JSON nested deeper than " + MAX_DEPTH + " levels");
                        }
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    case VALUE_NUMBER -> {
                        if (parser.getString().length() > MAX_NUMBER_LENGTH) {
                            throw Failure.badRequest("JSON number longer than " + MAX_NUMBER_LENGTH + " digits");
                        }
                    }
                    case KEY_NAME, VALUE_STRING -> {
                        if (parser.getString().indexOf('\0') >= 0) {
                            throw Failure.badRequest("NUL characters are not allowed");
                        }
                    }
                    default -> {
                        // literals need no check
                    }
                }
            }
        } catch (Failure e) {
            throw e;
        } catch (RuntimeException e) {
            throw malformed();
        }
    }

    /**
     * True when the contract documents {@code component} as nullable ({@code @Schema(nullable =
     * true)}): elsewhere a JSON {@code null} is a wrong type, never "leave unchanged" (API.md).
     */
    private static boolean nullable(RecordComponent component) {
        Schema schema = component.getAccessor().getAnnotation(Schema.class);
        if (schema == null) {
            Field field = fieldOf(component);
            schema = field == null ? null : field.getAnnotation(Schema.class);
        }
        return schema != null && schema.nullable();
    }

    private static Field fieldOf(RecordComponent component) {
        try {
            return component.getDeclaringRecord().getDeclaredField(component.getName());
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    /** Binds the fields of {@code object} to the components of {@code type}. */
    static Record bind(Class<Record> type, JsonObject object) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < components.length; i++) {
            String field = JsonNames.snakeCase(components[i].getName());
            JsonValue value = object.get(field);
            if (value == null) {
                continue;
            }
            if (value.getValueType() == JsonValue.ValueType.NULL) {
                if (!nullable(components[i])) {
                    errors.add(new FieldError(field, "must not be null"));
                }
                continue;
            }
            try {
                values[i] = convert(components[i].getType(), value);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(field, e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field));
            throw Failure.badRequest(Failure.VALIDATION_FAILED, errors);
        }
        try {
            Constructor<Record> constructor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return constructor.newInstance(values);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        } catch (InvocationTargetException e) {
            throw Failure.badRequest(Failure.VALIDATION_FAILED);
        }
    }

    private static Object convert(Class<?> type, JsonValue value) {
        if (type == String.class) {
            if (value instanceof JsonString s) {
                return s.getString();
            }
            throw new IllegalArgumentException("must be a string");
        }
        if (type == Boolean.class || type == boolean.class) {
            if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
                return value == JsonValue.TRUE;
            }
            throw new IllegalArgumentException("must be true or false");
        }
        if (type == Integer.class || type == Long.class) {
            return wholeNumber(type, value);
        }
        if (!(value instanceof JsonString text)) {
            throw new IllegalArgumentException("must be a string");
        }
        if (type.isEnum()) {
            return enumConstant(type, text.getString());
        }
        if (type == UUID.class) {
            try {
                return UUID.fromString(text.getString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be a UUID");
            }
        }
        throw new IllegalStateException("unsupported request field type " + type.getName());
    }

    private static Object wholeNumber(Class<?> type, JsonValue value) {
        if (value instanceof JsonNumber n && n.isIntegral()) {
            try {
                long parsed = n.bigIntegerValueExact().longValueExact();
                return type == Long.class ? (Object) parsed : (Object) Math.toIntExact(parsed);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("is out of range");
            }
        }
        throw new IllegalArgumentException("must be a whole number");
    }

    /** The constant whose lower-case name is exactly {@code wire}; upper or mixed case is refused. */
    private static Object enumConstant(Class<?> type, String wire) {
        Object[] constants = type.getEnumConstants();
        for (Object constant : constants) {
            if (((Enum<?>) constant).name().toLowerCase(Locale.ROOT).equals(wire)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("must be one of " + Arrays.stream(constants)
                .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }

    private static Failure malformed() {
        return Failure.malformedJson();
    }
}
