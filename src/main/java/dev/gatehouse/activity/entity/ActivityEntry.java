package dev.gatehouse.activity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One security event, written in the same transaction as the change it records and never changed
 * afterwards: the entity has no mutators and the table is append-only by convention and by the
 * absence of any update path.
 */
@Entity
@Table(name = "activity_logs")
public class ActivityEntry {

    @Id
    private UUID id;

    @Column(name = "user_id", updatable = false)
    private UUID userId;

    @Column(nullable = false, length = 64, updatable = false)
    private Action action;

    @Column(name = "ip_address", length = 45, updatable = false)
    private String ipAddress;

    @Column(name = "user_agent", length = 512, updatable = false)
    private String userAgent;

    @Column(nullable = false, length = 4000, updatable = false)
    private String details;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    /** For JPA. */
    protected ActivityEntry() {
    }

    /**
     * @param userId the actor, or {@code null} when unknown (a failed login for an unknown email)
     * @param action what happened
     * @param details a JSON object without secrets
     */
    public ActivityEntry(UUID userId, Action action, String ipAddress, String userAgent, String details, Instant now) {
        this.id = UUID.randomUUID();
        this.userId = userId;
        this.action = action;
        this.ipAddress = ipAddress;
        this.userAgent = userAgent;
        this.details = details;
        this.createdAt = now;
    }

    /** The primary key. */
    public UUID id() { return id; }

    /** The actor, or {@code null}. */
    public UUID userId() { return userId; }

    /** What happened. */
    public Action action() { return action; }

    /** The client address. */
    public String ipAddress() { return ipAddress; }

    /** The client's user agent. */
    public String userAgent() { return userAgent; }

    /** The details as a JSON object text. */
    public String details() { return details; }

    /** When it happened. */
    public Instant createdAt() { return createdAt; }
}
