/** @module A new password, with the rule the server applies (12 to 200 characters) said up front. */
export function PasswordFields(props: { password: string; onPassword: (value: string) => void }) {
  return (
    <div class="pt-field">
      <label for="new-password">Password</label>
      <input
        id="new-password"
        class="pt-input"
        type="password"
        autocomplete="new-password"
        required
        minLength={12}
        maxLength={200}
        aria-describedby="new-password-hint"
        value={props.password}
        onInput={(event) => props.onPassword(event.currentTarget.value)}
      />
      <p class="pt-hint" id="new-password-hint">
        At least 12 characters. A passphrase of a few words is easy to type and hard to guess.
      </p>
    </div>
  )
}
