/** An error the user can fix (a wrong flag, nothing to replay): printed as one line, exit 2. */
export class UserError extends Error {
  override readonly name = 'UserError';
}
