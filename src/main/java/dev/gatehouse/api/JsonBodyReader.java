package dev.gatehouse.api;

import static dev.gatehouse.util.JsonSupport.JSON;

import dev.gatehouse.model.Role;
import dev.gatehouse.service.ServiceException.FieldError;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Reads every JSON request body into its request record, strictly: the body must be a JSON
 * object, no deeper than 64 levels, with no number longer than 100 digits and no NUL character;
 * each field must have the record component's JSON type (a number is never coerced to a string);
 * unknown fields are ignored. Field names are the snake_case of the component names. Type
 * errors answer 400 with {@code errors[]}; missing fields are left null for Bean Validation.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
public class JsonBodyReader implements MessageBodyReader<Record> {

    /** Deepest nesting accepted. */
    public static final int MAX_DEPTH = 64;
    /** Longest number literal accepted. */
    public static final int MAX_NUMBER_LENGTH = 100;

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
        } catch (dev.gatehouse.web.LimitedRequest.TooLarge e) {
            throw new WebApplicationException(Problem.of(413, "Content Too Large", "Request body too large").toResponse(Map.of("Connection", "close")));
        }
        checkShape(body);
        JsonStructure json;
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(body))) {
            json = reader.read();
        } catch (JsonException e) {
            throw malformed();
        }
        if (!(json instanceof JsonObject object)) {
            throw badRequest("Request body must be a JSON object", List.of());
        }
        return bind(type, object);
    }

    private static void checkShape(byte[] body) {
        if (body.length == 0) {
            throw badRequest("Request body must be a JSON object", List.of());
        }
        try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(body))) {
            int depth = 0;
            while (parser.hasNext()) {
                switch (parser.next()) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > MAX_DEPTH) {
                            throw badRequest("JSON nested deeper than " + MAX_DEPTH + " levels", List.of());
                        }
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    case VALUE_NUMBER -> {
                        if (parser.getString().length() > MAX_NUMBER_LENGTH) {
                            throw badRequest("JSON number longer than " + MAX_NUMBER_LENGTH + " digits", List.of());
                        }
                    }
                    case KEY_NAME, VALUE_STRING -> {
                        if (parser.getString().indexOf('\0') >= 0) {
                            throw badRequest("NUL characters are not allowed", List.of());
                        }
                    }
                    default -> {
                        // literals need no check
                    }
                }
            }
        } catch (JsonException e) {
            throw malformed();
        }
    }

    private static Record bind(Class<Record> type, JsonObject object) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < components.length; i++) {
            String field = snakeCase(components[i].getName());
            JsonValue value = object.get(field);
            if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                continue;
            }
            try {
                values[i] = convert(components[i].getType(), value);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(field, e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw badRequest("Request validation failed", errors);
        }
        try {
            Constructor<Record> constructor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return constructor.newInstance(values);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        } catch (InvocationTargetException e) {
            throw badRequest("Request validation failed", List.of());
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
        if (type == Role.class) {
            if (value instanceof JsonString s) {
                return Role.fromWire(s.getString()).orElseThrow(() -> new IllegalArgumentException(
                        "must be one of " + Arrays.stream(Role.values()).map(Role::wireName).collect(Collectors.joining(", "))));
            }
            throw new IllegalArgumentException("must be a string");
        }
        if (type == UUID.class) {
            if (value instanceof JsonString s) {
                try {
                    return UUID.fromString(s.getString());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("must be a UUID");
                }
            }
            throw new IllegalArgumentException("must be a string");
        }
        throw new IllegalStateException("unsupported request field type " + type.getName());
    }

    /** {@code currentPassword} → {@code current_password}: the JSON name of a component. */
    public static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static WebApplicationException malformed() {
        return badRequest("Malformed JSON", List.of());
    }

    private static WebApplicationException badRequest(String detail, List<FieldError> errors) {
        return new WebApplicationException(new Problem(400, "Bad Request", detail, errors).toResponse(Map.of()));
    }
}
