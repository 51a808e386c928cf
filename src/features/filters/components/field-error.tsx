/** An inline error under a control, referenced by the control's `aria-describedby`. */
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="fb__error">
      {message}
    </p>
  );
}
