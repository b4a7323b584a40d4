// Schema pieces more than one capability's API uses.
import Type, { type Static, type TObject, type TSchema, type TUnion, type TUnsafe } from 'typebox';

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

/**
 * One of several object shapes told apart by their `kind`. It is checked as a discriminated `oneOf`
 * (Ajv's `discriminator`), so a bad input hears only what is wrong for the kind it names; as an `anyOf`
 * it would also hear every other kind's missing fields.
 */
export function OneOfKind<const Shapes extends TObject[]>(
  shapes: [...Shapes],
): TUnsafe<Static<TUnion<Shapes>>> {
  return Type.Unsafe<Static<TUnion<Shapes>>>({
    type: 'object',
    required: ['kind'],
    discriminator: { propertyName: 'kind' },
    oneOf: shapes,
  } as TSchema);
}
