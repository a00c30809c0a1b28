package dev.gatehouse.app;

import dev.gatehouse.access.Role;
import dev.gatehouse.platform.json.JsonNames;
import dev.gatehouse.platform.validation.Email;
import dev.gatehouse.platform.validation.EmailAddress;
import dev.gatehouse.platform.validation.Password;
import dev.gatehouse.platform.validation.PasswordRule;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * The schemas of the wire records, written from the records themselves so the document says
 * exactly what the wire carries, the same on every server: each component's JSON type, its
 * format ({@code uuid}, {@code email}, {@code date-time}), enumerations and bounds (from Bean
 * Validation and {@code @Schema} on the component), which fields are required (a request's
 * {@code @NotNull} ones; every field of a response but those omitted when null) and which may be
 * null. Query and path parameters get their real types and bounds by name.
 */
final class WireSchemas {

    private final Map<String, Class<?>> records = new LinkedHashMap<>();
    private final java.util.Set<Class<?>> requests = new java.util.HashSet<>();

    /** The records reachable from the resources' signatures and their documented responses. */
    WireSchemas(List<Class<?>> resources) {
        for (Class<?> resource : resources) {
            for (Method method : resource.getDeclaredMethods()) {
                Arrays.stream(method.getGenericParameterTypes()).forEach(this::collect);
                Arrays.stream(method.getParameterTypes()).filter(Class::isRecord).forEach(requests::add);
                if (method.getReturnType() != Response.class) {
                    collect(method.getGenericReturnType());
                }
                for (APIResponse response : method.getAnnotationsByType(APIResponse.class)) {
                    Arrays.stream(response.content()).map(content -> content.schema().implementation()).forEach(this::collect);
                }
            }
        }
    }

    private void collect(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Arrays.stream(parameterized.getActualTypeArguments()).forEach(this::collect);
        } else if (type instanceof Class<?> cls && cls.isRecord() && !records.containsKey(cls.getSimpleName())) {
            records.put(cls.getSimpleName(), cls);
            Arrays.stream(cls.getRecordComponents()).map(RecordComponent::getGenericType).forEach(this::collect);
            Arrays.stream(cls.getDeclaredClasses()).forEach(this::collect);
        }
    }

    /** The wire records by schema name. */
    Map<String, Class<?>> records() {
        return records;
    }

    /** Rewrites {@code schema} as the record {@code type} is on the wire. */
    void describe(Schema schema, Class<?> type) {
        boolean request = requests.contains(type);
        Map<String, Schema> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            String name = JsonNames.snakeCase(component.getName());
            properties.put(name, property(component));
            JsonbNillable nillable = annotation(component, JsonbNillable.class);
            boolean omittedWhenNull = nillable != null && !nillable.value();
            if (request ? annotation(component, NotNull.class) != null : !omittedWhenNull) {
                required.add(name);
            }
        }
        OpenApiContract.setType(schema, Schema.SchemaType.OBJECT);
        schema.setProperties(properties);
        schema.setRequired(required.isEmpty() ? null : required);
    }

    /**
     * {@code type} as written on {@code component}: Java hands a component's annotation to the
     * component, its field, its accessor or its type, whichever the annotation's target allows.
     */
    static <A extends java.lang.annotation.Annotation> A annotation(RecordComponent component, Class<A> type) {
        A found = component.getAnnotation(type);
        if (found == null) {
            found = component.getAccessor().getAnnotation(type);
        }
        if (found == null) {
            found = component.getAnnotatedType().getAnnotation(type);
        }
        return found;
    }

    private static Schema property(RecordComponent component) {
        Schema property = typeOf(component.getGenericType());
        if (annotation(component, Email.class) != null) {
            property.format("email").maxLength(EmailAddress.MAX_LENGTH);
        }
        if (annotation(component, Password.class) != null) {
            property.format("password").minLength(PasswordRule.MIN_BYTES).maxLength(PasswordRule.MAX_BYTES)
                    .description("8 to 72 bytes in UTF-8");
        }
        org.eclipse.microprofile.openapi.annotations.media.Schema declared =
                annotation(component, org.eclipse.microprofile.openapi.annotations.media.Schema.class);
        if (declared != null) {
            if (!declared.format().isEmpty()) {
                property.format(declared.format());
            }
            if (!declared.pattern().isEmpty()) {
                property.pattern(declared.pattern());
            }
            if (declared.enumeration().length > 0) {
                property.enumeration(List.of((Object[]) declared.enumeration()));
            }
            if (declared.nullable()) {
                OpenApiContract.nullable(property);
            }
        }
        return property;
    }

    private static Schema typeOf(Type type) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
            return typed(Schema.SchemaType.ARRAY).items(typeOf(parameterized.getActualTypeArguments()[0]));
        }
        Class<?> cls = (Class<?>) type;
        if (cls == String.class) {
            return typed(Schema.SchemaType.STRING);
        }
        if (cls == boolean.class || cls == Boolean.class) {
            return typed(Schema.SchemaType.BOOLEAN);
        }
        if (cls == long.class || cls == Long.class) {
            return typed(Schema.SchemaType.INTEGER).format("int64");
        }
        if (cls == int.class || cls == Integer.class) {
            return typed(Schema.SchemaType.INTEGER).format("int32");
        }
        if (cls == Instant.class) {
            return dateTime();
        }
        if (cls == UUID.class) {
            return typed(Schema.SchemaType.STRING).format("uuid");
        }
        if (cls == Role.class) {
            return OASFactory.createSchema().ref("Role");
        }
        if (JsonObject.class.isAssignableFrom(cls)) {
            return typed(Schema.SchemaType.OBJECT);
        }
        if (cls.isRecord()) {
            return OASFactory.createSchema().ref(cls.getSimpleName());
        }
        throw new IllegalStateException("no wire type for " + cls);
    }

    /** A UTC timestamp as the wire writes it. */
    static Schema dateTime() {
        return typed(Schema.SchemaType.STRING).format("date-time").example("2026-11-24T14:03:00Z");
    }

    /** The roles, by wire name. */
    static Schema role() {
        return typed(Schema.SchemaType.STRING).description("Highest first: each role includes the rights of those below it.")
                .enumeration(Arrays.stream(Role.values()).map(r -> (Object) r.wireName()).toList());
    }

    /** The real type of a query or path parameter of this name; null for a name this table does not know. */
    static Schema parameter(String name) {
        return switch (name) {
            case "id", "user_id" -> typed(Schema.SchemaType.STRING).format("uuid");
            case "limit" -> typed(Schema.SchemaType.INTEGER).format("int32").minimum(java.math.BigDecimal.ONE)
                    .maximum(java.math.BigDecimal.valueOf(100)).defaultValue(20);
            case "cursor" -> typed(Schema.SchemaType.STRING).pattern("^[A-Za-z0-9_-]+$").maxLength(64);
            case "role" -> OASFactory.createSchema().ref("Role");
            case "is_active", "include_deleted" -> typed(Schema.SchemaType.BOOLEAN);
            case "q" -> typed(Schema.SchemaType.STRING).maxLength(EmailAddress.MAX_LENGTH);
            case "action" -> typed(Schema.SchemaType.STRING).pattern("^[a-z_]{1,32}\\.[a-z_]{1,32}$");
            case "since", "until" -> dateTime();
            default -> null;
        };
    }

    private static Schema typed(Schema.SchemaType type) {
        return OpenApiContract.typed(type);
    }
}
