// Schema pieces more than one capability's API uses.
import Type from 'typebox';

export const Params = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]));
/** A message for the UI: a translation key and the values for its placeholders. */
export const Message = Type.Object({ messageKey: Type.String(), params: Params });
/** A host name or an IP address (IPv6 in brackets or bare). */
export const Host = Type.String({ pattern: '^[A-Za-z0-9.:\\[\\]-]+$', minLength: 1, maxLength: 253 });
/** An e-mail address as far as a schema can tell: one @, no spaces or angle brackets. */
export const MailAddress = Type.String({
  pattern: '^[^\\s@<>",;]+@[^\\s@<>",;]+\\.[^\\s@<>",;]+$',
  maxLength: 254,
});
