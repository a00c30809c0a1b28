// The account page at /account/ (profile, password, sessions, two-factor) and the two pages the mails link to.
import {html, render, useState, useEffect, useCallback, useRef} from "./lib.js";
import {
    IDLE_LIMIT_MINUTES, call, callAnonymously, currentUser, onSessionChange, signOut, signOutEverywhere,
} from "./api.js";
import {
    ConfirmDialog, Field, Frame, Loading, Messages, Pager, ScreenHeading, SessionTable, SignIn, Time, useAction,
    usePages, fieldErrors,
} from "./ui.js";

const PASSWORD_HINT = "8 to 72 characters. A long phrase is easier to remember than a short, odd word.";

function useTitle(text) {
    useEffect(() => {
        document.title = `${text} · Gatehouse`;
    }, [text]);
}

/** The value of `name` in the page's query, or null. */
function queryValue(name) {
    return new URLSearchParams(location.search).get(name);
}

/** The fields of a new-password form: checks the two entries agree before anything is sent. */
function useNewPassword() {
    const [password, setPassword] = useState("");
    const [repeat, setRepeat] = useState("");
    const [mismatch, setMismatch] = useState(false);
    return {
        password, repeat, mismatch,
        setPassword: value => {
            setPassword(value);
            setMismatch(false);
        },
        setRepeat: value => {
            setRepeat(value);
            setMismatch(false);
        },
        agree: () => {
            const same = password === repeat;
            setMismatch(!same);
            return same;
        },
        clear: () => {
            setPassword("");
            setRepeat("");
        },
    };
}

const INVALID_LINK = "This link no longer works: it was used already, it expired, or a newer mail replaced it.";

// ---- the pages the mails link to ---------------------------------------------------------------

function ResetPasswordPage() {
    useTitle("Choose a new password");
    const [token] = useState(() => queryValue("token"));
    const fields = useNewPassword();
    const action = useAction();
    const [done, setDone] = useState(false);
    const errors = fieldErrors(action.problem);
    const submit = async event => {
        event.preventDefault();
        if (!fields.agree()) {
            return;
        }
        const outcome = await action.run(() => callAnonymously("POST", "/api/auth/password-reset/confirm",
            {body: {token, new_password: fields.password}}));
        if (outcome.ok) {
            fields.clear();
            // The token is spent: keep it out of the history and of a bookmark.
            history.replaceState(null, "", location.pathname);
            setDone(true);
        }
    };
    if (!token) {
        return html`
            <section class="card narrow" aria-labelledby="reset-title">
                <${ScreenHeading} id="reset-title">Choose a new password<//>
                <p role="alert">This address has no reset token. Open the link from the mail again,
                    or <a href="/account/#forgot-password">ask for a new mail</a>.</p>
            </section>`;
    }
    if (done) {
        return html`
            <section class="card narrow" aria-labelledby="reset-done">
                <${ScreenHeading} id="reset-done">Your password is reset<//>
                <p role="status">The new password works from now on. Every session of your account was signed out,
                    on every device.</p>
                <p><a class="button primary" href="/account/">Sign in with the new password</a></p>
            </section>`;
    }
    const invalid = action.problem && action.problem.status === 401;
    return html`
        <section class="card narrow" aria-labelledby="reset-title">
            <${ScreenHeading} id="reset-title">Choose a new password<//>
            <p>Choose the password you will sign in with from now on.</p>
            <form method="post" onSubmit=${submit}>
                <${Field} label="New password" type="password" value=${fields.password} onInput=${fields.setPassword}
                          autocomplete="new-password" required minlength="8" maxlength="72" hint=${PASSWORD_HINT}
                          error=${errors.new_password} />
                <${Field} label="Repeat the new password" type="password" value=${fields.repeat} onInput=${fields.setRepeat}
                          autocomplete="new-password" required
                          error=${fields.mismatch ? "The two entries differ. Type the same password twice." : null} />
                <${Messages} problem=${action.problem} />
                ${invalid ? html`<p>${INVALID_LINK} <a href="/account/#forgot-password">Ask for a new mail</a>.</p>` : null}
                <div class="actions">
                    <button type="submit" class="primary" disabled=${action.busy}>Set the new password</button>
                </div>
            </form>
        </section>`;
}

function VerifyEmailPage() {
    useTitle("Confirm your email address");
    const [state, setState] = useState({status: "working"});
    useEffect(() => {
        const token = queryValue("token");
        if (!token) {
            setState({status: "no-token"});
            return;
        }
        callAnonymously("POST", "/api/auth/email-verification/confirm", {body: {token}}).then(
            () => {
                history.replaceState(null, "", location.pathname);
                setState({status: "done"});
            },
            problem => setState({status: "failed", problem}));
    }, []);
    return html`
        <section class="card narrow" aria-labelledby="verify-title">
            <${ScreenHeading} id="verify-title">Confirm your email address<//>
            ${state.status === "working" ? html`<${Loading}>Confirming your email address…<//>` : null}
            ${state.status === "done" ? html`
                <p role="status" class="message success">Your email address is confirmed. Thank you.</p>
                <p><a href="/account/">Go to your account</a></p>` : null}
            ${state.status === "no-token" ? html`
                <p role="alert">This address has no verification token. Open the link from the mail again.</p>` : null}
            ${state.status === "failed" ? html`
                <${Messages} problem=${state.problem} />
                ${state.problem.status === 401 ? html`<p>${INVALID_LINK} Sign in
                    to <a href="/account/">your account</a> to send a new mail.</p>` : null}` : null}
        </section>`;
}

// ---- signing in and recovery -------------------------------------------------------------------

const ENDINGS = {
    "ended": "Your session ended: it was revoked or signed out elsewhere. Sign in again.",
    "expired": "Your session expired. Sign in again.",
    "signed-out": "You are signed out.",
    "idle": `You were signed out after ${IDLE_LIMIT_MINUTES} minutes without activity.`,
    "signed-out-everywhere": "You are signed out on every device.",
};

function SignInOrRecover({notice}) {
    const [mode, setMode] = useState(() => (location.hash === "#forgot-password" ? "forgot" : "sign-in"));
    useTitle(mode === "forgot" ? "Reset your password" : "Sign in");
    if (mode === "forgot") {
        return html`<${ForgotPassword} onBack=${() => {
            history.replaceState(null, "", location.pathname);
            setMode("sign-in");
        }} />`;
    }
    return html`<${SignIn} heading="Sign in to your account" notice=${notice} onSignedIn=${() => {}}
        intro=${html`<p>Your profile, password, sessions and two-factor authentication.</p>`}
        after=${html`<p class="after-form"><button type="button" class="link" onClick=${() => setMode("forgot")}>
            Forgot your password?</button></p>`} />`;
}

function ForgotPassword({onBack}) {
    const [email, setEmail] = useState("");
    const action = useAction();
    const submit = async event => {
        event.preventDefault();
        await action.run(() => callAnonymously("POST", "/api/auth/password-reset", {body: {email: email.trim()}}),
            "If an active account has this email, a mail with a link to choose a new password is on its way. "
            + "The link works once and for a short time only.");
    };
    return html`
        <section class="card narrow" aria-labelledby="forgot-title">
            <${ScreenHeading} id="forgot-title">Reset your password<//>
            <p>Enter the email of your account. We send a link to choose a new password to it.</p>
            <form method="post" onSubmit=${submit}>
                <${Field} label="Email" type="email" value=${email} onInput=${setEmail} autocomplete="username" required />
                <${Messages} problem=${action.problem} success=${action.success} />
                <div class="actions">
                    <button type="submit" class="primary" disabled=${action.busy}>Send the reset link</button>
                    <button type="button" onClick=${onBack}>Back to sign in</button>
                </div>
            </form>
        </section>`;
}

// ---- the account -------------------------------------------------------------------------------

function AccountApp() {
    const [user, setUser] = useState(currentUser());
    const [notice, setNotice] = useState(null);
    useEffect(() => onSessionChange((next, reason) => {
        setUser(next);
        if (!next) {
            setNotice(ENDINGS[reason] || null);
        }
    }), []);
    if (!user) {
        return html`<${Frame} product="Account"><${SignInOrRecover} notice=${notice} /><//>`;
    }
    return html`
        <${Frame} product="Account" user=${user} onSignOut=${() => signOut()}
                  nav=${html`
                      <nav class="tabs" aria-label="Sections of this page">
                          <ul>
                              <li><a href="#profile">Profile</a></li>
                              <li><a href="#password">Password</a></li>
                              <li><a href="#two-factor">Two-factor</a></li>
                              <li><a href="#sessions">Sessions</a></li>
                          </ul>
                      </nav>`}>
            <${AccountScreen} />
        <//>`;
}

function AccountScreen() {
    useTitle("Your account");
    const [me, setMe] = useState(null);
    const [problem, setProblem] = useState(null);
    const [round, setRound] = useState(0);
    const [sessionsRound, setSessionsRound] = useState(0);
    useEffect(() => {
        let live = true;
        call("GET", "/api/auth/me").then(found => live && setMe(found), refused => live && setProblem(refused));
        return () => {
            live = false;
        };
    }, [round]);
    const reload = () => setRound(round + 1);
    return html`
        <${ScreenHeading} id="account-title">Your account<//>
        ${!me && !problem ? html`<${Loading}>Loading your account…<//>` : null}
        <${Messages} problem=${problem} />
        ${me ? html`
            <div class="sections">
                <${Profile} me=${me} onReload=${reload} />
                <${PasswordChange} onChanged=${() => setSessionsRound(sessionsRound + 1)} />
                <${TwoFactor} me=${me} onReload=${() => {
                    reload();
                    setSessionsRound(sessionsRound + 1);
                }} />
                <${Sessions} key=${sessionsRound} />
            </div>` : null}`;
}

function Profile({me, onReload}) {
    const action = useAction();
    const send = async () => {
        const outcome = await action.run(() => call("POST", "/api/auth/email-verification"),
            `A mail with a confirmation link is on its way to ${me.email}. Open the link in it.`);
        if (!outcome.ok && outcome.problem.status === 409) {
            onReload();
        }
    };
    return html`
        <section class="card" id="profile" aria-labelledby="profile-title">
            <h2 id="profile-title">Profile</h2>
            <dl class="facts">
                <dt>Email</dt><dd>${me.email}</dd>
                <dt>Email address</dt>
                <dd>${me.email_verified
                    ? html`<span class="badge active">Confirmed</span>`
                    : html`<span class="badge inactive">Not confirmed</span>`}</dd>
                <dt>Role</dt><dd>${me.role}</dd>
                <dt>Member since</dt><dd><${Time} value=${me.created_at} /></dd>
            </dl>
            ${me.email_verified ? null : html`
                <p>Confirm the address with the link we mailed you, so it can be trusted for password resets.</p>
                <div class="actions">
                    <button type="button" onClick=${send} disabled=${action.busy}>Send the confirmation mail again</button>
                </div>`}
            <${Messages} problem=${action.problem} success=${action.success} />
        </section>`;
}

function PasswordChange({onChanged}) {
    const [current, setCurrent] = useState("");
    const fields = useNewPassword();
    const action = useAction();
    const errors = fieldErrors(action.problem);
    const submit = async event => {
        event.preventDefault();
        if (!fields.agree()) {
            return;
        }
        const outcome = await action.run(() => call("PUT", "/api/auth/password",
            {body: {current_password: current, new_password: fields.password}}),
            "Your password is changed. Your other sessions were signed out; this one goes on.");
        if (outcome.ok) {
            setCurrent("");
            fields.clear();
            onChanged();
        }
    };
    return html`
        <section class="card" id="password" aria-labelledby="password-title">
            <h2 id="password-title">Password</h2>
            <form method="post" onSubmit=${submit}>
                <${Field} label="Current password" type="password" value=${current} onInput=${setCurrent}
                          autocomplete="current-password" required error=${errors.current_password} />
                <${Field} label="New password" type="password" value=${fields.password} onInput=${fields.setPassword}
                          autocomplete="new-password" required minlength="8" maxlength="72" hint=${PASSWORD_HINT}
                          error=${errors.new_password} />
                <${Field} label="Repeat the new password" type="password" value=${fields.repeat} onInput=${fields.setRepeat}
                          autocomplete="new-password" required
                          error=${fields.mismatch ? "The two entries differ. Type the same password twice." : null} />
                <${Messages} problem=${action.problem} success=${action.success} />
                <div class="actions"><button type="submit" class="primary" disabled=${action.busy}>Change password</button></div>
            </form>
        </section>`;
}

function Sessions() {
    const load = useCallback(cursor => call("GET", "/api/sessions", {query: {limit: 20, cursor}}), []);
    const pages = usePages(load);
    const action = useAction();
    const [asking, setAsking] = useState(false);
    const revoke = async session => {
        const outcome = await action.run(() => call("DELETE", `/api/sessions/${encodeURIComponent(session.id)}`),
            "The session is signed out.");
        if (outcome.ok) {
            pages.reload();
        }
    };
    const everywhere = async () => {
        const outcome = await action.run(() => signOutEverywhere());
        if (!outcome.ok) {
            setAsking(false);
        }
    };
    return html`
        <section class="card" id="sessions" aria-labelledby="sessions-title">
            <h2 id="sessions-title">Sessions</h2>
            <p class="hint">Where your account is signed in now.</p>
            ${pages.status === "loading" ? html`<${Loading}>Loading your sessions…<//>` : null}
            <${Messages} problem=${action.problem || pages.problem} success=${action.success} />
            ${pages.items.length > 0 ? html`
                <${SessionTable} caption="Your active sessions" sessions=${pages.items} busy=${action.busy}
                                 onRevoke=${revoke} />` : null}
            <${Pager} label="Pages of sessions" pages=${pages} />
            <div class="actions">
                <button type="button" onClick=${() => setAsking(true)}>Sign out everywhere</button>
            </div>
            ${asking ? html`
                <${ConfirmDialog} title="Sign out everywhere?" confirmLabel="Sign out everywhere" danger=${true}
                                  busy=${action.busy} onConfirm=${everywhere} onCancel=${() => setAsking(false)}>
                    <p>Every session of your account ends, this one included: on every device you sign in again.</p>
                <//>` : null}
        </section>`;
}

// ---- two-factor authentication -----------------------------------------------------------------

const CODE_HINT = "The 6-digit code your authenticator app shows now.";

function TwoFactor({me, onReload}) {
    const [stage, setStage] = useState({name: "idle"});
    const [done, setDone] = useState(null);
    const finish = text => {
        setStage({name: "idle"});
        setDone(text);
        onReload();
    };
    let body;
    if (stage.name === "password") {
        body = html`<${EnrolStart} onCancel=${() => setStage({name: "idle"})}
                                   onEnrolment=${enrolment => setStage({name: "scan", enrolment})} />`;
    } else if (stage.name === "scan") {
        body = html`<${EnrolScan} email=${me.email} enrolment=${stage.enrolment}
                                  onCancel=${() => setStage({name: "idle"})}
                                  onCodes=${codes => setStage({name: "codes", codes})} />`;
    } else if (stage.name === "codes") {
        body = html`<${RecoveryCodes} email=${me.email} codes=${stage.codes}
                                      onDone=${() => finish("Two-factor authentication is on. Your other sessions were signed out.")} />`;
    } else if (stage.name === "disable") {
        body = html`<${Disable} onCancel=${() => setStage({name: "idle"})}
                                onDone=${() => finish("Two-factor authentication is off.")} />`;
    } else if (me.mfa_enabled) {
        body = html`
            <p><span class="badge active">On</span> Signing in asks for a code from your authenticator app (or a
                recovery code) after the password.</p>
            <div class="actions">
                <button type="button" onClick=${() => {
                    setDone(null);
                    setStage({name: "disable"});
                }}>Turn off two-factor authentication</button>
            </div>`;
    } else {
        body = html`
            <p><span class="badge inactive">Off</span> Turn it on to sign in with a code from an authenticator app
                on your phone as well as the password.</p>
            <div class="actions">
                <button type="button" class="primary" onClick=${() => {
                    setDone(null);
                    setStage({name: "password"});
                }}>Turn on two-factor authentication</button>
            </div>`;
    }
    return html`
        <section class="card" id="two-factor" aria-labelledby="two-factor-title">
            <h2 id="two-factor-title">Two-factor authentication</h2>
            ${body}
            <${Messages} success=${stage.name === "idle" ? done : null} />
        </section>`;
}

function EnrolStart({onCancel, onEnrolment}) {
    const [password, setPassword] = useState("");
    const action = useAction();
    const field = useRef(null);
    useEffect(() => field.current && field.current.focus(), []);
    const submit = async event => {
        event.preventDefault();
        const outcome = await action.run(() => call("POST", "/api/auth/mfa/totp", {body: {current_password: password}}));
        if (outcome.ok) {
            onEnrolment(outcome.result);
        }
    };
    return html`
        <form method="post" onSubmit=${submit}>
            <p>First confirm it is you.</p>
            <${Field} label="Current password" type="password" value=${password} onInput=${setPassword}
                      autocomplete="current-password" required inputRef=${field} />
            <${Messages} problem=${action.problem} />
            <div class="actions">
                <button type="submit" class="primary" disabled=${action.busy}>Continue</button>
                <button type="button" onClick=${onCancel}>Cancel</button>
            </div>
        </form>`;
}

/** The secret in groups of four characters, as authenticator apps show and accept it. */
function grouped(secret) {
    return (secret.match(/.{1,4}/g) || []).join(" ");
}

function QrCode({text, label}) {
    const canvas = useRef(null);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
        import("./qr.js").then(module => module.drawQr(canvas.current, text)).catch(() => setFailed(true));
    }, [text]);
    if (failed) {
        return html`<p role="alert">The QR code could not be drawn; type the key below into your app instead.</p>`;
    }
    return html`<canvas class="qr" ref=${canvas} width="264" height="264" role="img" aria-label=${label}></canvas>`;
}

function EnrolScan({email, enrolment, onCancel, onCodes}) {
    const [code, setCode] = useState("");
    const action = useAction();
    const heading = useRef(null);
    useEffect(() => heading.current && heading.current.focus(), []);
    const submit = async event => {
        event.preventDefault();
        const outcome = await action.run(() => call("POST", "/api/auth/mfa/totp/confirm", {body: {code: code.trim()}}));
        if (outcome.ok) {
            onCodes(outcome.result.recovery_codes);
        }
    };
    return html`
        <h3 tabindex="-1" ref=${heading}>Add Gatehouse to your authenticator app</h3>
        <ol class="steps">
            <li>
                <p>Scan this QR code with an authenticator app (any app for time-based codes, TOTP).</p>
                <div class="enrol">
                    <${QrCode} text=${enrolment.otpauth_uri} label=${`QR code to add ${email} to an authenticator app`} />
                    <div>
                        <p>Cannot scan it? Type this key into the app instead:</p>
                        <dl class="facts">
                            <dt>Secret key</dt><dd><code class="secret">${grouped(enrolment.secret)}</code></dd>
                            <dt>Account</dt><dd>${email}</dd>
                            <dt>Kind</dt><dd>Time-based, 6 digits, every 30 seconds</dd>
                        </dl>
                        ${enrolment.otpauth_uri.startsWith("otpauth://") ? html`
                            <p><a href=${enrolment.otpauth_uri}>Open in an authenticator app on this device</a></p>` : null}
                    </div>
                </div>
            </li>
            <li>
                <form method="post" onSubmit=${submit}>
                    <${Field} label="Code from the app" value=${code} onInput=${setCode} hint=${CODE_HINT}
                              autocomplete="one-time-code" inputmode="numeric" spellcheck=${false} required />
                    <${Messages} problem=${action.problem} />
                    <div class="actions">
                        <button type="submit" class="primary" disabled=${action.busy}>Confirm</button>
                        <button type="button" onClick=${onCancel}>Cancel</button>
                    </div>
                </form>
            </li>
        </ol>`;
}

function RecoveryCodes({email, codes, onDone}) {
    const [said, setSaid] = useState(null);
    const heading = useRef(null);
    useEffect(() => heading.current && heading.current.focus(), []);
    const text = [`Gatehouse recovery codes for ${email}`, "", ...codes, "",
        "Each code signs you in once instead of a code from your app."].join("\n");
    const copy = async () => {
        try {
            await navigator.clipboard.writeText(text);
            setSaid("The codes are copied to the clipboard.");
        } catch {
            setSaid("The browser refused to copy. Select the codes and copy them, or download them.");
        }
    };
    const download = () => {
        const url = URL.createObjectURL(new Blob([text], {type: "text/plain;charset=utf-8"}));
        const link = document.createElement("a");
        link.href = url;
        link.download = "gatehouse-recovery-codes.txt";
        link.hidden = true;
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        setSaid("The codes are saved as gatehouse-recovery-codes.txt in your downloads.");
    };
    return html`
        <h3 tabindex="-1" ref=${heading}>Your recovery codes</h3>
        <p class="message info">Two-factor authentication is on. Store these codes somewhere safe now: each signs you
            in once if you lose your phone, and this page shows them only this once.</p>
        <ol class="codes" aria-label="Recovery codes">
            ${codes.map(value => html`<li><code>${value}</code></li>`)}
        </ol>
        <div class="actions">
            <button type="button" onClick=${copy}>Copy the codes</button>
            <button type="button" onClick=${download}>Download the codes</button>
            <button type="button" class="primary" onClick=${onDone}>I have stored the codes</button>
        </div>
        <${Messages} success=${said} />`;
}

function Disable({onCancel, onDone}) {
    const [password, setPassword] = useState("");
    const [code, setCode] = useState("");
    const action = useAction();
    const field = useRef(null);
    useEffect(() => field.current && field.current.focus(), []);
    const submit = async event => {
        event.preventDefault();
        const outcome = await action.run(() => call("POST", "/api/auth/mfa/totp/disable",
            {body: {current_password: password, code: code.trim()}}));
        if (outcome.ok) {
            onDone();
        }
    };
    return html`
        <form method="post" onSubmit=${submit}>
            <p>Confirm with your password and a code that it is you.</p>
            <${Field} label="Current password" type="password" value=${password} onInput=${setPassword}
                      autocomplete="current-password" required inputRef=${field} />
            <${Field} label="Code" value=${code} onInput=${setCode}
                      hint="The code your authenticator app shows now, or one of your recovery codes."
                      autocomplete="one-time-code" spellcheck=${false} required />
            <${Messages} problem=${action.problem} />
            <div class="actions">
                <button type="submit" class="danger" disabled=${action.busy}>Turn off</button>
                <button type="button" onClick=${onCancel}>Cancel</button>
            </div>
        </form>`;
}

// ---- which page ------------------------------------------------------------------------------

function Page() {
    switch (location.pathname) {
        case "/account/reset-password":
            return html`<${Frame} product="Account"><${ResetPasswordPage} /><//>`;
        case "/account/verify-email":
            return html`<${Frame} product="Account"><${VerifyEmailPage} /><//>`;
        default:
            return html`<${AccountApp} />`;
    }
}

const root = document.getElementById("app");
root.replaceChildren();
render(html`<${Page} />`, root);
