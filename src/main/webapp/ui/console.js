// The admin console at /console/: users, their sessions and activity, the activity log, signing keys and health, for admins and managers.
import {html, render, useState, useEffect, useCallback} from "./lib.js";
import {IDLE_LIMIT_MINUTES, call, probe, currentUser, onSessionChange, signOut} from "./api.js";
import {
    Checkbox, ConfirmDialog, Dialog, Field, Frame, Loading, Messages, Pager, ScreenHeading, Select, SessionTable, SignIn,
    Table, Time, TIME_ZONE, useAction, usePages, fieldErrors,
} from "./ui.js";

const ROLES = ["admin", "manager", "user", "guest"];
const ACTIONS = [
    "user.registered", "auth.login", "auth.login_failed", "auth.login_throttled", "auth.refresh",
    "auth.refresh_reuse_detected", "auth.logout", "auth.logout_all", "auth.password_changed",
    "auth.password_reset_requested", "auth.password_reset", "auth.mfa_enabled", "auth.mfa_disabled",
    "auth.mfa_failed", "auth.mfa_recovery_code_used", "user.created", "user.updated", "user.deleted",
    "user.restored", "user.email_verification_sent", "user.email_verified", "user.mfa_reset", "session.revoked",
    "signing_key.rotated",
];
const PAGE_SIZE = 20;

/** What each role may do here: the console's copy of AccessPolicy, so nothing is offered that the API would refuse. */
const may = {
    useConsole: role => role === "admin" || role === "manager",
    administer: role => role === "admin",
    seeDeleted: role => role === "admin",
    setActive: (role, target) => role === "admin" || (role === "manager" && (target === "user" || target === "guest")),
    listSessionsOf: role => role === "admin",
    manageKeys: role => role === "admin",
};

// ---- routes ------------------------------------------------------------------------------------

function routeOf(hash) {
    const parts = hash.startsWith("#/") ? hash.slice(2).split("/").filter(Boolean) : [];
    if (parts.length === 0) {
        return {name: "users"};
    }
    if (parts[0] === "users" && parts.length === 2) {
        return {name: "user", id: decodeURIComponent(parts[1])};
    }
    if (parts.length === 1 && ["users", "activity", "keys", "health"].includes(parts[0])) {
        return {name: parts[0]};
    }
    return {name: "unknown"};
}

function useRoute() {
    const [route, setRoute] = useState(() => routeOf(location.hash));
    useEffect(() => {
        // The skip link's own #main is not a screen: only #/… hashes change the route.
        const changed = () => location.hash.startsWith("#/") || location.hash === "" ? setRoute(routeOf(location.hash)) : null;
        addEventListener("hashchange", changed);
        return () => removeEventListener("hashchange", changed);
    }, []);
    return route;
}

function useTitle(text) {
    useEffect(() => {
        document.title = `${text} · Gatehouse console`;
    }, [text]);
}

/** A one-time message handed from one screen to the next (e.g. "User created" on the new user's screen). */
let flash = null;

function takeFlash() {
    const text = flash;
    flash = null;
    return text;
}

// ---- the application ---------------------------------------------------------------------------

const ENDINGS = {
    "ended": "Your session ended: it was revoked or signed out elsewhere. Sign in again.",
    "expired": "Your session expired. Sign in again.",
    "signed-out": "You are signed out.",
    "idle": `You were signed out after ${IDLE_LIMIT_MINUTES} minutes without activity.`,
};

function App() {
    const [user, setUser] = useState(currentUser());
    const [notice, setNotice] = useState(null);
    const route = useRoute();
    useEffect(() => onSessionChange((next, reason) => {
        if (next && !may.useConsole(next.role)) {
            return; // signedIn below turns this one away
        }
        setUser(next);
        if (!next) {
            setNotice(ENDINGS[reason] || null);
        }
    }), []);

    const signedIn = async signedInUser => {
        if (!may.useConsole(signedInUser.role)) {
            await signOut();
            setNotice(`The console is for admins and managers; ${signedInUser.email} is a ${signedInUser.role}. `
                + "Your own settings are on the account page.");
            return;
        }
        setNotice(null);
    };

    if (!user) {
        return html`
            <${Frame} product="Console">
                <${SignInScreen} notice=${notice} onSignedIn=${signedIn} />
            <//>`;
    }
    return html`
        <${Frame} product="Console" user=${user} onSignOut=${() => signOut()}
                  nav=${html`<${ConsoleNav} route=${route} role=${user.role} />`}>
            <${Screen} route=${route} user=${user} />
        <//>`;
}

function SignInScreen({notice, onSignedIn}) {
    useTitle("Sign in");
    return html`<${SignIn} heading="Sign in to the console" notice=${notice} onSignedIn=${onSignedIn}
        intro=${html`<p>For admins and managers. Your own password, sessions and two-factor authentication
            are on <a href="/account/">your account page</a>.</p>`} />`;
}

function ConsoleNav({route, role}) {
    const current = route.name === "user" ? "users" : route.name;
    const items = [["users", "Users"], ["activity", "Activity log"]];
    if (may.manageKeys(role)) {
        items.push(["keys", "Signing keys"]);
    }
    items.push(["health", "Health"]);
    return html`
        <nav class="tabs" aria-label="Console">
            <ul>
                ${items.map(([name, text]) => html`
                    <li><a href=${`#/${name}`} aria-current=${current === name ? "page" : undefined}>${text}</a></li>`)}
            </ul>
        </nav>`;
}

function Screen({route, user}) {
    switch (route.name) {
        case "users":
            return html`<${UsersScreen} user=${user} />`;
        case "user":
            return html`<${UserScreen} key=${route.id} id=${route.id} user=${user} />`;
        case "activity":
            return html`<${ActivityScreen} />`;
        case "keys":
            return may.manageKeys(user.role) ? html`<${KeysScreen} />` : html`<${NotHere} />`;
        case "health":
            return html`<${HealthScreen} />`;
        default:
            return html`<${NotHere} />`;
    }
}

function NotHere() {
    useTitle("Not found");
    return html`
        <${ScreenHeading} id="not-here">Nothing here<//>
        <p>This console has no such screen. Go to <a href="#/users">Users</a>.</p>`;
}

// ---- users -------------------------------------------------------------------------------------

const STATUS_OPTIONS = [["", "Any"], ["true", "Active"], ["false", "Inactive"]];
const usersMemory = {filters: {q: "", role: "", active: "", deleted: false}, cursors: null};

function UsersScreen({user}) {
    useTitle("Users");
    const [draft, setDraft] = useState(usersMemory.filters);
    const [filters, setFilters] = useState(usersMemory.filters);
    const [creating, setCreating] = useState(false);
    const [round, setRound] = useState(0);
    const [found, setFound] = useState("");
    const admin = may.administer(user.role);
    const set = name => value => setDraft({...draft, [name]: value});
    const apply = event => {
        event.preventDefault();
        usersMemory.filters = {...draft};
        usersMemory.cursors = null;
        setFilters({...draft});
        setRound(round + 1);
    };
    return html`
        <div class="screen-head">
            <${ScreenHeading} id="users-title">Users<//>
            ${admin ? html`<button type="button" class="primary" onClick=${() => setCreating(true)}>Create user</button>` : null}
        </div>
        <form method="post" class="filters" role="search" aria-label="Find users" onSubmit=${apply}>
            <${Field} label="Email contains" type="search" value=${draft.q} onInput=${set("q")} autocomplete="off" />
            <${Select} label="Role" value=${draft.role} onChange=${set("role")}
                       options=${[["", "Any"], ...ROLES.map(role => [role, role])]} />
            <${Select} label="Status" value=${draft.active} onChange=${set("active")} options=${STATUS_OPTIONS} />
            ${may.seeDeleted(user.role)
                ? html`<${Checkbox} label="Include deleted users" checked=${draft.deleted} onChange=${set("deleted")} />`
                : null}
            <div class="actions"><button type="submit">Search</button></div>
        </form>
        <p class="visually-hidden" role="status">${found}</p>
        <${UserList} key=${`${round}:${JSON.stringify(filters)}`} filters=${filters} onFound=${setFound} />
        ${creating ? html`<${CreateUserDialog} onClose=${() => setCreating(false)} />` : null}`;
}

function UserList({filters, onFound}) {
    const load = useCallback(cursor => call("GET", "/api/users", {query: {
        q: filters.q.trim(), role: filters.role, is_active: filters.active,
        include_deleted: filters.deleted ? "true" : "", limit: PAGE_SIZE, cursor,
    }}), [filters]);
    const pages = usePages(load, usersMemory);
    useFoundCount(pages, onFound, "user", "users");
    return html`
        <section aria-labelledby="users-found">
            <h2 id="users-found" class="visually-hidden">Users found</h2>
            ${pages.status === "loading" ? html`<${Loading}>Loading users…<//>` : null}
            <${Messages} problem=${pages.problem} />
            ${pages.status === "done" && pages.items.length === 0
                ? html`<p class="empty">No user matches these filters.</p>` : null}
            ${pages.items.length > 0 ? html`
                <${Table} caption=${`Users, page ${pages.page} (times in ${TIME_ZONE})`}
                          columns=${["Email", "Role", "Status", "Email verified", "Two-factor", "Created"]}>
                    ${pages.items.map(item => html`
                        <tr>
                            <td><a href=${`#/users/${encodeURIComponent(item.id)}`}>${item.email}</a></td>
                            <td>${item.role}</td>
                            <td><${UserStatus} user=${item} /></td>
                            <td>${item.email_verified ? "Yes" : "No"}</td>
                            <td>${item.mfa_enabled ? "On" : "Off"}</td>
                            <td><${Time} value=${item.created_at} /></td>
                        </tr>`)}
                <//>` : null}
            <${Pager} label="Pages of users" pages=${pages} />
        </section>`;
}

/**
 * Tells a screen reader what a search found, through the screen's status line (which outlives the
 * list, so the news is announced); sighted users see the table or the empty message.
 */
function useFoundCount(pages, onFound, one, many) {
    useEffect(() => {
        if (!onFound) {
            return;
        }
        if (pages.status === "done") {
            const count = pages.items.length;
            onFound(count === 0 ? `No ${one} matches.`
                : `${count} ${count === 1 ? one : many} on page ${pages.page}${pages.hasNext ? ", more on the next page" : ""}.`);
        } else if (pages.status === "error") {
            onFound("");
        }
    }, [pages.status, pages.items]);
}

function UserStatus({user}) {
    if (user.deleted_at) {
        return html`<span class="badge deleted">Deleted</span>`;
    }
    return user.is_active
        ? html`<span class="badge active">Active</span>`
        : html`<span class="badge inactive">Inactive</span>`;
}

function CreateUserDialog({onClose}) {
    const [email, setEmail] = useState("");
    const [password, setPassword] = useState("");
    const [role, setRole] = useState("user");
    const action = useAction();
    const errors = fieldErrors(action.problem);
    const submit = async event => {
        event.preventDefault();
        const outcome = await action.run(() => call("POST", "/api/users", {body: {email: email.trim(), password, role}}));
        if (outcome.ok) {
            flash = `Created ${outcome.result.email} with the role ${outcome.result.role}.`;
            onClose();
            location.hash = `#/users/${encodeURIComponent(outcome.result.id)}`;
        }
    };
    return html`
        <${Dialog} title="Create a user" onCancel=${onClose} busy=${action.busy}>
            <form method="post" onSubmit=${submit}>
                <${Field} label="Email" type="email" value=${email} onInput=${setEmail} autocomplete="off" required
                          error=${errors.email} />
                <${Field} label="Initial password" type="password" value=${password} onInput=${setPassword}
                          autocomplete="new-password" required minlength="8" maxlength="72" error=${errors.password}
                          hint="8 to 72 characters. Tell the person to change it on their account page." />
                <${Select} label="Role" value=${role} onChange=${setRole} options=${ROLES.map(name => [name, name])} />
                <${Messages} problem=${action.problem} />
                <div class="actions">
                    <button type="button" onClick=${onClose} disabled=${action.busy}>Cancel</button>
                    <button type="submit" class="primary" disabled=${action.busy}>Create user</button>
                </div>
            </form>
        <//>`;
}

// ---- one user ----------------------------------------------------------------------------------

function UserScreen({id, user}) {
    const [target, setTarget] = useState(null);
    const [problem, setProblem] = useState(null);
    const [round, setRound] = useState(0);
    useTitle(target ? target.email : "User");
    useEffect(() => {
        let live = true;
        call("GET", `/api/users/${encodeURIComponent(id)}`).then(
            found => live && (setTarget(found), setProblem(null)),
            refused => live && setProblem(refused));
        return () => {
            live = false;
        };
    }, [id, round]);
    if (!target) {
        return html`
            <p><a href="#/users">Back to users</a></p>
            ${problem ? null : html`<${Loading}>Loading the user…<//>`}
            <${Messages} problem=${problem} />`;
    }
    const deleted = Boolean(target.deleted_at);
    return html`
        <p><a href="#/users">Back to users</a></p>
        <${ScreenHeading} id="user-title">${target.email}<//>
        ${target.id === user.id ? html`
            <p class="message info">This is your own account: a change of role or status applies to you at once.</p>` : null}
        <dl class="facts">
            <dt>Role</dt><dd>${target.role}</dd>
            <dt>Status</dt><dd><${UserStatus} user=${target} /></dd>
            <dt>Email verified</dt><dd>${target.email_verified ? "Yes" : "No"}</dd>
            <dt>Two-factor authentication</dt><dd>${target.mfa_enabled ? "On" : "Off"}</dd>
            <dt>Created</dt><dd><${Time} value=${target.created_at} /></dd>
            <dt>Updated</dt><dd><${Time} value=${target.updated_at} /></dd>
            ${deleted ? html`<dt>Deleted</dt><dd><${Time} value=${target.deleted_at} /></dd>` : null}
            <dt>Id</dt><dd><code>${target.id}</code></dd>
        </dl>
        <${UserActions} target=${target} user=${user} onChanged=${setTarget} onReload=${() => setRound(round + 1)} />
        ${may.listSessionsOf(user.role) && !deleted ? html`<${UserSessions} target=${target} />` : null}
        <section aria-labelledby="user-activity">
            <h2 id="user-activity">Activity</h2>
            <p class="hint">What this user did, newest first (times in ${TIME_ZONE}).</p>
            <${ActivityList} filters=${{userId: target.id}} caption="Activity of this user" showActor=${false} />
        </section>`;
}

function UserActions({target, user, onChanged, onReload}) {
    const [role, setRole] = useState(target.role);
    const [asking, setAsking] = useState(null);
    const [initialFlash] = useState(takeFlash);
    const action = useAction();
    const deleted = Boolean(target.deleted_at);
    const admin = may.administer(user.role);
    const canSetActive = !deleted && may.setActive(user.role, target.role);
    const patch = (body, text) => action.run(async () => {
        const changed = await call("PATCH", `/api/users/${encodeURIComponent(target.id)}`, {body});
        onChanged(changed);
        return changed;
    }, text);
    const changeRole = event => {
        event.preventDefault();
        patch({role}, changed => `The role of ${changed.email} is now ${changed.role}.`);
    };
    const restore = () => action.run(async () => {
        const restored = await call("POST", `/api/users/${encodeURIComponent(target.id)}/restore`);
        onChanged(restored);
        return restored;
    }, "The user is restored.");
    const confirmed = async () => {
        const question = asking;
        const outcome = await action.run(question.run, question.done);
        setAsking(null);
        if (outcome.ok) {
            onReload();
        }
    };
    if (!admin && !canSetActive) {
        return html`<p class="hint">Your role may only read this user.</p>`;
    }
    const questions = {
        deactivate: {
            title: `Deactivate ${target.email}?`, label: "Deactivate", danger: true,
            text: "The account can no longer sign in and every session of it ends now. You can activate it again later.",
            run: () => call("PATCH", `/api/users/${encodeURIComponent(target.id)}`, {body: {is_active: false}}),
            done: "The account is deactivated and its sessions have ended.",
        },
        resetMfa: {
            title: `Reset two-factor authentication of ${target.email}?`, label: "Reset two-factor", danger: true,
            text: "Their authenticator app and recovery codes stop working; they sign in with the password alone "
                + "until they turn two-factor authentication on again. Do this only when you know who is asking.",
            run: () => call("DELETE", `/api/users/${encodeURIComponent(target.id)}/mfa`),
            done: "Two-factor authentication is off for this user.",
        },
        remove: {
            title: `Delete ${target.email}?`, label: "Delete user", danger: true,
            text: "The user can no longer sign in, every session ends and the email address becomes free. "
                + "An admin can restore the user while the address is still free.",
            run: () => call("DELETE", `/api/users/${encodeURIComponent(target.id)}`),
            done: "The user is deleted.",
        },
    };
    return html`
        <section aria-labelledby="user-actions" class="card">
            <h2 id="user-actions">Actions</h2>
            ${admin && !deleted ? html`
                <form method="post" class="inline" onSubmit=${changeRole}>
                    <${Select} label="Role" value=${role} onChange=${setRole} options=${ROLES.map(name => [name, name])} />
                    <button type="submit" disabled=${action.busy || role === target.role}>Change role</button>
                </form>` : null}
            <div class="actions">
                ${canSetActive ? html`
                    <button type="button" disabled=${action.busy} onClick=${() => (target.is_active
                        ? setAsking(questions.deactivate)
                        : patch({is_active: true}, "The account is active again."))}>
                        ${target.is_active ? "Deactivate account" : "Activate account"}
                    </button>` : null}
                ${admin && !deleted && target.mfa_enabled ? html`
                    <button type="button" onClick=${() => setAsking(questions.resetMfa)}>Reset two-factor authentication</button>` : null}
                ${admin ? html`
                    <button type="button" class=${deleted ? "" : "danger"} disabled=${action.busy}
                            onClick=${() => (deleted ? restore() : setAsking(questions.remove))}>
                        ${deleted ? "Restore user" : "Delete user"}
                    </button>` : null}
            </div>
            <${Messages} problem=${action.problem} success=${action.success || initialFlash} />
            ${asking ? html`
                <${ConfirmDialog} title=${asking.title} confirmLabel=${asking.label} danger=${asking.danger}
                                  busy=${action.busy} onConfirm=${confirmed} onCancel=${() => setAsking(null)}>
                    <p>${asking.text}</p>
                <//>` : null}
        </section>`;
}

function UserSessions({target}) {
    const load = useCallback(cursor => call("GET", `/api/users/${encodeURIComponent(target.id)}/sessions`,
        {query: {limit: PAGE_SIZE, cursor}}), [target.id]);
    const pages = usePages(load);
    const action = useAction();
    const revoke = async session => {
        const outcome = await action.run(() => call("DELETE", `/api/sessions/${encodeURIComponent(session.id)}`),
            "The session is revoked: its tokens no longer work.");
        if (outcome.ok) {
            pages.reload();
        }
    };
    return html`
        <section aria-labelledby="user-sessions">
            <h2 id="user-sessions">Sessions</h2>
            <${Messages} problem=${action.problem || pages.problem} success=${action.success} />
            ${pages.status === "loading" ? html`<${Loading}>Loading sessions…<//>` : null}
            ${pages.status === "done" && pages.items.length === 0 ? html`<p class="empty">No active session.</p>` : null}
            ${pages.items.length > 0 ? html`
                <${SessionTable} caption=${`Active sessions of ${target.email}`} sessions=${pages.items}
                                 busy=${action.busy} onRevoke=${revoke} />` : null}
            <${Pager} label="Pages of sessions" pages=${pages} />
        </section>`;
}

// ---- activity ----------------------------------------------------------------------------------

const activityMemory = {filters: {userId: "", action: "", since: "", until: ""}, cursors: null};

/** A datetime-local value (the browser's time zone) as the API's UTC timestamp; empty stays empty. */
function utc(local) {
    if (!local) {
        return "";
    }
    const date = new Date(local);
    return Number.isNaN(date.getTime()) ? local : date.toISOString();
}

function ActivityScreen() {
    useTitle("Activity log");
    const [draft, setDraft] = useState(activityMemory.filters);
    const [filters, setFilters] = useState(activityMemory.filters);
    const [found, setFound] = useState("");
    const set = name => value => setDraft({...draft, [name]: value});
    const apply = event => {
        event.preventDefault();
        activityMemory.filters = {...draft};
        activityMemory.cursors = null;
        setFilters({...draft});
    };
    const clear = () => {
        const empty = {userId: "", action: "", since: "", until: ""};
        activityMemory.filters = empty;
        activityMemory.cursors = null;
        setDraft(empty);
        setFilters(empty);
    };
    return html`
        <${ScreenHeading} id="activity-title">Activity log<//>
        <p class="hint">Who did what, newest first. Times are in your time zone, ${TIME_ZONE}.</p>
        <form method="post" class="filters" role="search" aria-label="Filter the activity log" onSubmit=${apply}>
            <${Field} label="User id" value=${draft.userId} onInput=${set("userId")} autocomplete="off"
                      spellcheck=${false} hint="The id of the user who acted." />
            <${Select} label="Action" value=${draft.action} onChange=${set("action")}
                       options=${[["", "Any"], ...ACTIONS.map(name => [name, name])]} />
            <${Field} label="Since" type="datetime-local" step="1" value=${draft.since} onInput=${set("since")}
                      hint="From this time on (included)." />
            <${Field} label="Until" type="datetime-local" step="1" value=${draft.until} onInput=${set("until")}
                      hint="Before this time (excluded)." />
            <div class="actions">
                <button type="submit">Apply filters</button>
                <button type="button" onClick=${clear}>Clear filters</button>
            </div>
        </form>
        <section aria-labelledby="activity-found">
            <h2 id="activity-found" class="visually-hidden">Entries</h2>
            <p class="visually-hidden" role="status">${found}</p>
            <${ActivityList} key=${JSON.stringify(filters)} filters=${filters} memory=${activityMemory}
                             caption="Activity entries" showActor=${true} onFound=${setFound} />
        </section>`;
}

function ActivityList({filters, memory = null, caption, showActor, onFound = null}) {
    const load = useCallback(cursor => call("GET", "/api/activity", {query: {
        user_id: (filters.userId || "").trim(), action: filters.action, since: utc(filters.since),
        until: utc(filters.until), limit: PAGE_SIZE, cursor,
    }}), [filters]);
    const pages = usePages(load, memory);
    useFoundCount(pages, onFound, "entry", "entries");
    const columns = showActor
        ? ["Time", "Action", "User", "IP address", "Details"]
        : ["Time", "Action", "IP address", "Details"];
    return html`
        ${pages.status === "loading" ? html`<${Loading}>Loading activity…<//>` : null}
        <${Messages} problem=${pages.problem} />
        ${pages.status === "done" && pages.items.length === 0 ? html`<p class="empty">No activity matches.</p>` : null}
        ${pages.items.length > 0 ? html`
            <${Table} caption=${`${caption}, page ${pages.page}`} columns=${columns}>
                ${pages.items.map(entry => html`
                    <tr>
                        <td><${Time} value=${entry.created_at} /></td>
                        <td class="nowrap"><code>${entry.action}</code></td>
                        ${showActor ? html`<td>${entry.user_id
                            ? html`<a href=${`#/users/${encodeURIComponent(entry.user_id)}`}><code>${entry.user_id}</code></a>`
                            : html`<span class="muted">unknown</span>`}</td>` : null}
                        <td>${entry.ip_address || "—"}</td>
                        <td><${Details} details=${entry.details} /></td>
                    </tr>`)}
            <//>` : null}
        <${Pager} label=${`Pages of ${caption.toLowerCase()}`} pages=${pages} />`;
}

function Details({details}) {
    const entries = Object.entries(details || {});
    if (entries.length === 0) {
        return html`<span class="muted">—</span>`;
    }
    return html`
        <dl class="details">
            ${entries.map(([name, value]) => html`
                <div><dt>${name}</dt><dd>${typeof value === "string" ? value : JSON.stringify(value)}</dd></div>`)}
        </dl>`;
}

// ---- signing keys ------------------------------------------------------------------------------

function KeysScreen() {
    useTitle("Signing keys");
    const load = useCallback(cursor => call("GET", "/api/signing-keys", {query: {limit: PAGE_SIZE, cursor}}), []);
    const pages = usePages(load);
    const [asking, setAsking] = useState(false);
    const action = useAction();
    const rotate = async () => {
        const outcome = await action.run(() => call("POST", "/api/signing-keys/rotate"),
            key => `A new key ${key.kid} is published; it signs from ${new Date(key.activates_at).toLocaleString()}.`);
        setAsking(false);
        if (outcome.ok) {
            pages.reload();
        }
    };
    return html`
        <div class="screen-head">
            <${ScreenHeading} id="keys-title">Signing keys<//>
            <button type="button" class="primary" onClick=${() => setAsking(true)}>Rotate signing key</button>
        </div>
        <p class="hint">The keys that sign access tokens. Times are in your time zone, ${TIME_ZONE}.</p>
        <${Messages} problem=${action.problem || pages.problem} success=${action.success} />
        ${pages.status === "loading" ? html`<${Loading}>Loading signing keys…<//>` : null}
        ${pages.status === "done" && pages.items.length === 0 ? html`
            <p class="empty">No signing key is stored: this server signs with a shared secret (HMAC) or a pinned key
                file, which Gatehouse cannot rotate.</p>` : null}
        ${pages.items.length > 0 ? html`
            <${Table} caption="Signing keys" columns=${["Key id", "Algorithm", "Status", "Created", "Signs from", "Retires"]}>
                ${pages.items.map(key => html`
                    <tr>
                        <td><code>${key.kid}</code></td>
                        <td>${key.alg}</td>
                        <td><span class=${`badge key-${key.status}`}>${key.status}</span></td>
                        <td><${Time} value=${key.created_at} /></td>
                        <td><${Time} value=${key.activates_at} /></td>
                        <td><${Time} value=${key.retires_at} /></td>
                    </tr>`)}
            <//>` : null}
        <${Pager} label="Pages of signing keys" pages=${pages} />
        ${asking ? html`
            <${ConfirmDialog} title="Rotate the signing key?" confirmLabel="Rotate" busy=${action.busy}
                              onConfirm=${rotate} onCancel=${() => setAsking(false)}>
                <p>A new key is published now and signs tokens from five minutes on, so every client can fetch it
                    first. The current key keeps verifying the tokens it signed until they expire.</p>
            <//>` : null}`;
}

// ---- health ------------------------------------------------------------------------------------

function HealthScreen() {
    useTitle("Health");
    const [state, setState] = useState({status: "loading"});
    const [round, setRound] = useState(0);
    useEffect(() => {
        let live = true;
        setState(previous => ({...previous, status: "loading"}));
        Promise.all([probe("/api/health/ready"), probe("/api/health/live")]).then(
            ([ready, alive]) => live && setState({status: "done", ready, alive, at: new Date()}),
            problem => live && setState({status: "error", problem}));
        return () => {
            live = false;
        };
    }, [round]);
    const statusOf = reply => (reply.body && reply.body.status) || `HTTP ${reply.status}`;
    return html`
        <div class="screen-head">
            <${ScreenHeading} id="health-title">Health<//>
            <button type="button" onClick=${() => setRound(round + 1)} disabled=${state.status === "loading"}>Check again</button>
        </div>
        ${state.status === "loading" ? html`<${Loading}>Checking…<//>` : null}
        <${Messages} problem=${state.problem} />
        ${state.ready ? html`
            <dl class="facts">
                <dt>Ready (the database answers)</dt>
                <dd><span class=${`badge ${statusOf(state.ready) === "UP" ? "active" : "deleted"}`}>${statusOf(state.ready)}</span></dd>
                ${state.ready.body && state.ready.body.checks ? Object.entries(state.ready.body.checks).map(([name, value]) => html`
                    <dt>Check: ${name}</dt><dd>${String(value)}</dd>`) : null}
                <dt>Live (the process answers)</dt>
                <dd><span class=${`badge ${statusOf(state.alive) === "UP" ? "active" : "deleted"}`}>${statusOf(state.alive)}</span></dd>
                ${state.ready.body && state.ready.body.version ? html`<dt>Version</dt><dd>${state.ready.body.version}</dd>` : null}
                <dt>Checked</dt><dd><${Time} value=${state.at.toISOString()} /></dd>
            </dl>` : null}`;
}

const root = document.getElementById("app");
root.replaceChildren();
render(html`<${App} />`, root);
