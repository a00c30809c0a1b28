package dev.gatehouse.activity.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores an {@link Action} as its dotted wire name. */
@Converter(autoApply = true)
public class ActionConverter implements AttributeConverter<Action, String> {

    /** The wire name. */
    @Override
    public String convertToDatabaseColumn(Action action) {
        return action == null ? null : action.wireName();
    }

    /** The action; a name no version of Gatehouse wrote is a corrupted row and fails loudly. */
    @Override
    public Action convertToEntityAttribute(String name) {
        return name == null ? null : Action.fromWire(name)
                .orElseThrow(() -> new IllegalStateException("unknown action in database: " + name));
    }
}
