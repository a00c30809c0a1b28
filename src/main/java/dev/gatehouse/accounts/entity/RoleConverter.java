package dev.gatehouse.accounts.entity;

import dev.gatehouse.access.Role;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link Role} as its wire name, which the schema's check constraint also lists. */
@Converter(autoApply = true)
public class RoleConverter implements AttributeConverter<Role, String> {

    /** The wire name. */
    @Override
    public String convertToDatabaseColumn(Role role) {
        return role == null ? null : role.wireName();
    }

    /** The role; an unknown name is a corrupted row and fails loudly. */
    @Override
    public Role convertToEntityAttribute(String name) {
        return name == null ? null : Role.fromWire(name)
                .orElseThrow(() -> new IllegalStateException("unknown role in database: " + name));
    }
}
