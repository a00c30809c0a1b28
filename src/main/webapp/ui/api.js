// The pages' one door to the server: calls the public /api operations with the bearer token, which lives in this module's memory only.

const EXPIRY_MARGIN_MS = 30_000;
/** A page nobody has used this long signs itself out (and ends its session on the server). */
export const IDLE_LIMIT_MINUTES = 15;
const IDLE_LIMIT_MS = IDLE_LIMIT_MINUTES * 60_000;

/** A refusal or failure of a call, carrying the problem document's detail as the text to show. */
export class Problem extends Error {
    constructor(status, detail, {errors = [], retryAfter = null} = {}) {
        super(detail);
        this.status = status;
        this.detail = detail;
        this.errors = errors;
        this.retryAfter = retryAfter;
    }

    /** True when the API refuses everything but enrolment until the caller turns on a second factor. */
    get secondFactorRequired() {
        return this.status === 403 && this.detail === "Two-factor authentication required";
    }
}

let session = null;
let refreshing = null;
let timer = null;
let lastActivity = Date.now();
const listeners = new Set();

for (const type of ["pointerdown", "keydown", "wheel"]) {
    addEventListener(type, () => {
        lastActivity = Date.now();
    }, {capture: true, passive: true});
}

/** The signed-in user ({id, email, role}) or null. */
export function currentUser() {
    return session && session.user;
}

/** Calls `listener(user or null, reason)` whenever someone signs in or the session ends. */
export function onSessionChange(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
}

function announce(reason) {
    for (const listener of listeners) {
        listener(currentUser(), reason);
    }
}

function keep(pair) {
    session = {
        access: pair.access_token,
        refresh: pair.refresh_token,
        expiresAt: Date.now() + pair.expires_in * 1000,
        user: pair.user,
    };
    schedule();
}

/** Drops the tokens without asking the server: what a reload does too. */
function forget(reason) {
    const had = session !== null;
    session = null;
    clearTimeout(timer);
    if (had) {
        announce(reason);
    }
}

/**
 * While someone uses the page, its access token is renewed before it expires, so the session can
 * always be ended from here (on sign-out, idleness or leaving the page); once nobody has used the
 * page for IDLE_LIMIT_MINUTES, it signs out.
 */
function schedule() {
    clearTimeout(timer);
    if (session) {
        const untilRenewal = session.expiresAt - EXPIRY_MARGIN_MS - Date.now();
        const untilIdle = lastActivity + IDLE_LIMIT_MS - Date.now();
        timer = setTimeout(tick, Math.max(5_000, Math.min(untilRenewal, untilIdle)));
    }
}

async function tick() {
    if (!session) {
        return;
    }
    if (Date.now() - lastActivity >= IDLE_LIMIT_MS) {
        await signOut("idle");
        return;
    }
    if (Date.now() > session.expiresAt - EXPIRY_MARGIN_MS && !refreshing) {
        try {
            await refresh();
        } catch {
            schedule(); // a refusal ended the session (nothing to schedule); a failure is tried again in 5 s
            return;
        }
    }
    schedule();
}

function retryAfterOf(response) {
    const value = Number.parseInt(response.headers.get("Retry-After") || "", 10);
    return Number.isFinite(value) ? value : null;
}

async function problemOf(response) {
    let body = null;
    try {
        body = await response.json();
    } catch {
        body = null;
    }
    const detail = body && typeof body.detail === "string" && body.detail
        ? body.detail
        : `The server answered ${response.status} ${response.statusText || ""}`.trim();
    const errors = body && Array.isArray(body.errors) ? body.errors : [];
    return new Problem(response.status, detail, {errors, retryAfter: retryAfterOf(response)});
}

async function send(method, path, {body, query, token, keepalive = false} = {}) {
    let url = path;
    if (query) {
        const params = new URLSearchParams();
        for (const [name, value] of Object.entries(query)) {
            if (value !== undefined && value !== null && value !== "") {
                params.set(name, String(value));
            }
        }
        const text = params.toString();
        url = text ? `${path}?${text}` : path;
    }
    const headers = {Accept: "application/json"};
    if (token) {
        headers.Authorization = `Bearer ${token}`;
    }
    if (body !== undefined) {
        headers["Content-Type"] = "application/json";
    }
    try {
        return await fetch(url, {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
            credentials: "omit",
            cache: "no-store",
            keepalive,
        });
    } catch {
        throw new Problem(0, "The server could not be reached. Check the connection and try again.");
    }
}

async function parse(response) {
    if (response.status === 204 || response.status === 202) {
        return null;
    }
    if (!response.ok) {
        throw await problemOf(response);
    }
    return response.json();
}

/** Exchanges the refresh token for a new pair; one exchange at a time, as the API asks of clients. */
function refresh() {
    if (!refreshing) {
        const presented = session.refresh;
        refreshing = send("POST", "/api/auth/refresh", {body: {refresh_token: presented}})
            .then(parse)
            .then(pair => {
                keep(pair);
            })
            .catch(problem => {
                if (problem.status === 401) {
                    forget("expired"); // the refresh token is dead: only signing in again helps
                }
                throw problem;
            })
            .finally(() => {
                refreshing = null;
            });
    }
    return refreshing;
}

async function validToken() {
    if (!session) {
        throw new Problem(401, "Not signed in");
    }
    if (refreshing) {
        await refreshing;
    } else if (Date.now() > session.expiresAt - EXPIRY_MARGIN_MS) {
        await refresh();
    }
    return session.access;
}

/**
 * Calls an operation as the signed-in user; answers the JSON body (null for 202/204) or throws a
 * Problem. An expired access token is refreshed once; a token the server no longer
 * accepts ends the session on this page.
 */
export async function call(method, path, options = {}) {
    let token = await validToken();
    let response = await send(method, path, {...options, token});
    if (response.status === 401) {
        const problem = await problemOf(response);
        if (problem.detail === "Token has expired" && session) {
            if (session.access === token) {
                await refresh();
            } else if (refreshing) {
                await refreshing;
            }
            token = session.access;
            response = await send(method, path, {...options, token});
        } else {
            if (problem.detail === "Invalid token" && session && session.access === token) {
                forget("ended");
            }
            throw problem;
        }
    }
    return parse(response);
}

/** Calls an operation that needs no token (sign-in, recovery, health). */
export async function callAnonymously(method, path, options = {}) {
    return parse(await send(method, path, options));
}

/** Reads a health endpoint, which answers JSON with either status: {status, body} or a Problem when unreachable. */
export async function probe(path) {
    const response = await send("GET", path);
    let body = null;
    try {
        body = await response.json();
    } catch {
        body = null;
    }
    return {status: response.status, body};
}

/**
 * Step one of signing in: answers {mfaToken} when the account has a second factor, else the user
 * and keeps the token pair.
 */
export async function signIn(email, password) {
    const answer = await callAnonymously("POST", "/api/auth/login", {body: {email, password}});
    if (answer.mfa_required) {
        return {mfaToken: answer.mfa_token};
    }
    keep(answer);
    announce("signed-in");
    return {user: answer.user};
}

/** Step two: a code from the authenticator app or a recovery code. */
export async function signInWithCode(mfaToken, code) {
    const pair = await callAnonymously("POST", "/api/auth/login/mfa", {body: {mfa_token: mfaToken, code}});
    keep(pair);
    announce("signed-in");
    return {user: pair.user};
}

/** Ends this session on the server (best effort, with a renewed token if it expired) and forgets the tokens. */
export async function signOut(reason = "signed-out") {
    if (!session) {
        return;
    }
    try {
        await send("POST", "/api/auth/logout", {token: await validToken()});
    } catch {
        // the server may already have ended it; the page forgets it either way
    } finally {
        forget(reason);
    }
}

/** Ends every session of the user, this one included. */
export async function signOutEverywhere() {
    await call("POST", "/api/auth/logout-all");
    forget("signed-out-everywhere");
}

// Leaving or reloading the page loses the tokens (they live nowhere else), so the session they
// belong to is ended on the server too, instead of lingering in the user's list until it expires.
addEventListener("pagehide", () => {
    if (session) {
        send("POST", "/api/auth/logout", {token: session.access, keepalive: true}).catch(() => {});
        session = null;
    }
});
addEventListener("pageshow", event => {
    if (event.persisted) {
        announce("ended");
    }
});
