// Building blocks both pages share: fields with labels, messages, dialogs, times, pagers, the page frame and the two-step sign-in.
import {html, useState, useEffect, useRef, useCallback} from "./lib.js";
import {Problem, signIn, signInWithCode} from "./api.js";

export {html};

let lastId = 0;

/** An id unique in the page, stable for the component's life (for label/for and aria-describedby). */
export function useUid(prefix) {
    const ref = useRef(null);
    if (ref.current === null) {
        lastId += 1;
        ref.current = `${prefix}-${lastId}`;
    }
    return ref.current;
}

const DATE_TIME = new Intl.DateTimeFormat(undefined, {dateStyle: "medium", timeStyle: "medium"});

/** The browser's time zone, named as the browser names it. */
export const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || "local time";

/** A timestamp of the API shown in the browser's time zone and language; a dash when there is none. */
export function Time({value}) {
    if (!value) {
        return html`<span class="muted">—</span>`;
    }
    return html`<time datetime=${value}>${DATE_TIME.format(new Date(value))}</time>`;
}

function inWords(seconds) {
    if (seconds < 90) {
        return seconds === 1 ? "1 second" : `${seconds} seconds`;
    }
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minutes`;
}

/** The text to show for a failed call: the problem's detail, with the wait when the server names one. */
export function describe(problem) {
    if (!(problem instanceof Problem)) {
        return "Something went wrong in this page. Reload it and try again.";
    }
    if (problem.retryAfter) {
        return `${problem.detail}. Try again in ${inWords(problem.retryAfter)}.`;
    }
    return problem.detail;
}

/** The messages of a validation problem by field name ({new_password: "…"}). */
export function fieldErrors(problem) {
    const errors = {};
    if (problem instanceof Problem) {
        for (const error of problem.errors) {
            if (error && error.field && !errors[error.field]) {
                errors[error.field] = error.message;
            }
        }
    }
    return errors;
}

/**
 * The live regions of a screen or form: an alert for a refusal (with the way out when the API asks
 * for a second factor) and a status line for what went well. Both exist before anything is said,
 * so screen readers announce what appears in them.
 */
export function Messages({problem, success}) {
    return html`
        <div class="message error" role="alert">${problem ? html`<${ProblemText} problem=${problem} />` : null}</div>
        <div class="message success" role="status">${success || null}</div>`;
}

function ProblemText({problem}) {
    if (problem instanceof Problem && problem.secondFactorRequired) {
        return location.pathname.startsWith("/account/")
            ? html`<p>${problem.detail}: your role may use this only with two-factor authentication. Turn it on
                below first.</p>`
            : html`<p>${problem.detail}: your role may use this only with two-factor authentication. Turn it
                on in <a href="/account/">your account</a>, then sign in here again.</p>`;
    }
    const errors = problem instanceof Problem ? problem.errors : [];
    return html`<p>${describe(problem)}</p>
        ${errors.length > 0 ? html`<ul>${errors.map(error => html`<li>${error.field}: ${error.message}</li>`)}</ul>` : null}`;
}

/** A loading line, announced politely. */
export function Loading({children}) {
    return html`<p class="loading" role="status">${children}</p>`;
}

/** A text, email, password or search field with its label, an optional hint and its error. */
export function Field({label, value, onInput, type = "text", hint, error, inputRef, ...attributes}) {
    const id = useUid("field");
    const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
    return html`
        <div class="field">
            <label for=${id}>${label}</label>
            ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : null}
            <input id=${id} type=${type} value=${value} ref=${inputRef}
                   onInput=${event => onInput(event.currentTarget.value)}
                   aria-describedby=${described || undefined} aria-invalid=${error ? "true" : undefined}
                   ...${attributes} />
            ${error ? html`<p class="field-error" id=${`${id}-error`}>${error}</p>` : null}
        </div>`;
}

/** A select with its label; `options` are [value, text] pairs. */
export function Select({label, value, onChange, options, hint}) {
    const id = useUid("select");
    return html`
        <div class="field">
            <label for=${id}>${label}</label>
            ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : null}
            <select id=${id} value=${value} onChange=${event => onChange(event.currentTarget.value)}
                    aria-describedby=${hint ? `${id}-hint` : undefined}>
                ${options.map(([optionValue, text]) => html`<option value=${optionValue}>${text}</option>`)}
            </select>
        </div>`;
}

/** A checkbox with its label after it. */
export function Checkbox({label, checked, onChange}) {
    const id = useUid("check");
    return html`
        <div class="field checkbox">
            <input id=${id} type="checkbox" checked=${checked} onChange=${event => onChange(event.currentTarget.checked)} />
            <label for=${id}>${label}</label>
        </div>`;
}

/** A heading that takes the focus when it appears, so keyboard and screen-reader users start at the new screen. */
export function ScreenHeading({id, children}) {
    const ref = useRef(null);
    useEffect(() => {
        if (ref.current) {
            ref.current.focus();
        }
    }, []);
    return html`<h1 id=${id} tabindex="-1" ref=${ref}>${children}</h1>`;
}

/**
 * A modal dialog on the native dialog element: the rest of the page is inert while it is open,
 * Escape cancels, and the focus goes back to what opened it when it closes.
 */
export function Dialog({title, onCancel, busy = false, children}) {
    const ref = useRef(null);
    const id = useUid("dialog");
    useEffect(() => {
        const opener = document.activeElement;
        const dialog = ref.current;
        dialog.showModal();
        return () => {
            if (dialog.open) {
                dialog.close();
            }
            if (opener && opener.isConnected && typeof opener.focus === "function") {
                opener.focus();
            } else {
                document.getElementById("main")?.focus();
            }
        };
    }, []);
    const cancel = event => {
        event.preventDefault();
        if (!busy) {
            onCancel();
        }
    };
    return html`
        <dialog ref=${ref} aria-labelledby=${`${id}-title`} onCancel=${cancel}>
            <h2 id=${`${id}-title`}>${title}</h2>
            ${children}
        </dialog>`;
}

/** A yes-or-no question before an action that cannot simply be undone; Cancel has the focus first. */
export function ConfirmDialog({title, children, confirmLabel, onConfirm, onCancel, danger = false, busy = false}) {
    return html`
        <${Dialog} title=${title} onCancel=${onCancel} busy=${busy}>
            <div class="dialog-body">${children}</div>
            <div class="actions">
                <button type="button" autofocus onClick=${onCancel} disabled=${busy}>Cancel</button>
                <button type="button" class=${danger ? "danger" : "primary"} onClick=${onConfirm} disabled=${busy}>
                    ${confirmLabel}
                </button>
            </div>
        <//>`;
}

/** The state and handlers of an action that calls the API once per use: busy, problem, success. */
export function useAction() {
    const [state, setState] = useState({busy: false, problem: null, success: null});
    const run = useCallback(async (work, successText) => {
        setState({busy: true, problem: null, success: null});
        try {
            const result = await work();
            setState({busy: false, problem: null,
                success: typeof successText === "function" ? successText(result) : successText});
            return {ok: true, result};
        } catch (problem) {
            setState({busy: false, problem, success: null});
            return {ok: false, problem};
        }
    }, []);
    const clear = useCallback(() => setState({busy: false, problem: null, success: null}), []);
    return {...state, run, clear};
}

/**
 * One keyset-paged list: `load(cursor)` answers a page ({items, next_cursor}). Remembers the
 * cursors of the pages before, so "Previous page" works without offsets; `memory` (an
 * object kept by the caller) lets a list come back on the page it was left on.
 */
export function usePages(load, memory = null) {
    const [cursors, setCursors] = useState(() => (memory && memory.cursors) || [null]);
    const [round, setRound] = useState(0);
    const [state, setState] = useState({status: "loading", items: [], nextCursor: null, problem: null});
    useEffect(() => {
        let live = true;
        if (memory) {
            memory.cursors = cursors;
        }
        setState(previous => ({...previous, status: "loading", problem: null}));
        load(cursors[cursors.length - 1]).then(
            page => live && setState({status: "done", items: page.items, nextCursor: page.next_cursor, problem: null}),
            problem => live && setState({status: "error", items: [], nextCursor: null, problem}));
        return () => {
            live = false;
        };
    }, [cursors, round]);
    return {
        ...state,
        page: cursors.length,
        hasPrevious: cursors.length > 1,
        hasNext: Boolean(state.nextCursor),
        next: () => state.nextCursor && setCursors([...cursors, state.nextCursor]),
        previous: () => cursors.length > 1 && setCursors(cursors.slice(0, -1)),
        reload: () => setRound(round + 1),
    };
}

/** Previous and next buttons of a keyset-paged list, with the page number between them. */
export function Pager({label, pages}) {
    if (!pages.hasPrevious && !pages.hasNext) {
        return null;
    }
    return html`
        <nav class="pager" aria-label=${label}>
            <button type="button" onClick=${pages.previous} disabled=${!pages.hasPrevious || pages.status === "loading"}>
                Previous page
            </button>
            <span>Page ${pages.page}</span>
            <button type="button" onClick=${pages.next} disabled=${!pages.hasNext || pages.status === "loading"}>
                Next page
            </button>
        </nav>`;
}

/**
 * A table that scrolls sideways on a narrow screen; the scrolling box is focusable and named by
 * the caption, so keyboard users can scroll it too.
 */
export function Table({caption, columns, children}) {
    const id = useUid("table");
    return html`
        <div class="table-scroll" role="region" aria-labelledby=${id} tabindex="0">
            <table>
                <caption id=${id}>${caption}</caption>
                <thead><tr>${columns.map(column => html`<th scope="col">${column}</th>`)}</tr></thead>
                <tbody>${children}</tbody>
            </table>
        </div>`;
}

/**
 * Sessions, each with a Revoke button named after where it signed in from; the caller's own
 * session is marked instead (revoking it is signing out).
 */
export function SessionTable({caption, sessions, busy, onRevoke}) {
    return html`
        <${Table} caption=${`${caption} (times in ${TIME_ZONE})`}
                  columns=${["Signed in", "Last used", "Expires", "IP address", "Browser", "Action"]}>
            ${sessions.map(session => html`
                <tr>
                    <td><${Time} value=${session.created_at} /></td>
                    <td><${Time} value=${session.last_used_at} /></td>
                    <td><${Time} value=${session.expires_at} /></td>
                    <td>${session.ip_address || "—"}</td>
                    <td class="wrap">${session.user_agent || "—"}</td>
                    <td>${session.current
                        ? html`<span class="badge active">This session</span>`
                        : html`<button type="button" disabled=${busy} onClick=${() => onRevoke(session)}>
                            Revoke<span class="visually-hidden"> the session from ${session.ip_address || "an unknown address"}</span>
                          </button>`}</td>
                </tr>`)}
        <//>`;
}

/**
 * The frame of both pages: a skip link, the product name, the page's navigation, who is signed
 * in with a sign-out button, and the main region.
 */
export function Frame({product, nav = null, user = null, onSignOut = null, children}) {
    const skip = event => {
        event.preventDefault();
        const main = document.getElementById("main");
        if (main) {
            main.focus();
        }
    };
    return html`
        <a class="skip" href="#main" onClick=${skip}>Skip to main content</a>
        <header class="top">
            <div class="brand"><span class="mark" aria-hidden="true"></span>Gatehouse <span class="product">${product}</span></div>
            ${nav}
            ${user ? html`
                <div class="who">
                    <span><span class="visually-hidden">Signed in as </span>${user.email}
                        <span class="role">${user.role}</span></span>
                    <button type="button" onClick=${onSignOut}>Sign out</button>
                </div>` : null}
        </header>
        <main id="main" tabindex="-1">${children}</main>`;
}

const CODE_HINT = "The 6-digit code from your authenticator app, or one of your recovery codes.";

/**
 * Signing in as the API's login asks: email and password, then, when the answer is
 * {mfa_required, mfa_token}, a code from the authenticator app or a recovery code.
 */
export function SignIn({heading, intro = null, notice = null, after = null, onSignedIn}) {
    const [step, setStep] = useState({name: "password"});
    const [email, setEmail] = useState("");
    const [password, setPassword] = useState("");
    const [code, setCode] = useState("");
    const action = useAction();

    const submitPassword = async event => {
        event.preventDefault();
        const outcome = await action.run(() => signIn(email.trim(), password));
        if (outcome.ok) {
            setPassword("");
            if (outcome.result.mfaToken) {
                setStep({name: "code", mfaToken: outcome.result.mfaToken});
            } else {
                onSignedIn(outcome.result.user);
            }
        }
    };
    const submitCode = async event => {
        event.preventDefault();
        const outcome = await action.run(() => signInWithCode(step.mfaToken, code.trim()));
        if (outcome.ok) {
            setCode("");
            setStep({name: "password"});
            onSignedIn(outcome.result.user);
        }
    };
    const restart = () => {
        action.clear();
        setCode("");
        setStep({name: "password"});
    };

    if (step.name === "code") {
        return html`
            <section class="card narrow" aria-labelledby="sign-in-code">
                <${ScreenHeading} id="sign-in-code">Two-factor authentication<//>
                <p>The password of ${email.trim()} is right. One more step: a code from your second factor.</p>
                <form method="post" onSubmit=${submitCode}>
                    <${Field} label="Code" value=${code} onInput=${setCode} hint=${CODE_HINT}
                              autocomplete="one-time-code" spellcheck=${false} required />
                    <${Messages} problem=${action.problem} />
                    <div class="actions">
                        <button type="submit" class="primary" disabled=${action.busy}>Verify</button>
                        <button type="button" onClick=${restart}>Start again</button>
                    </div>
                </form>
            </section>`;
    }
    return html`
        <section class="card narrow" aria-labelledby="sign-in-title">
            <${ScreenHeading} id="sign-in-title">${heading}<//>
            ${intro}
            ${notice ? html`<p class="message info" role="status">${notice}</p>` : null}
            <form method="post" onSubmit=${submitPassword}>
                <${Field} label="Email" type="email" value=${email} onInput=${setEmail} autocomplete="username" required />
                <${Field} label="Password" type="password" value=${password} onInput=${setPassword}
                          autocomplete="current-password" required />
                <${Messages} problem=${action.problem} />
                <div class="actions">
                    <button type="submit" class="primary" disabled=${action.busy}>Sign in</button>
                </div>
            </form>
            ${after}
        </section>`;
}
