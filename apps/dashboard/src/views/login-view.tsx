import { useState, type FormEvent } from 'react';
import { api } from '../api/client';

export function LoginView({ onSignedIn }: { onSignedIn: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await api.login(email, password);
      onSignedIn();
    } catch (err) {
      const status = (err as { status?: number }).status;
      setError(status === 401 ? 'Wrong e-mail or password.' : status === 423 ? 'Too many attempts: the account is locked for 15 minutes.' : status === 429 ? 'Too many attempts. Wait a minute.' : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="login" onSubmit={submit} aria-label="Sign in">
      <h1>Northstar</h1>
      <label>
        E-mail
        <input name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      {error && (
        <p className="bad" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
