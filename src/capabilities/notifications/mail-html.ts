// The frame every HTML mail of Hausmeister shares: readable on a phone, styles inline (mail clients
// drop style sheets), the heading and the footer in the same places; and escaping for what goes in.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A whole mail page: `title` as its heading, `body` (HTML, already escaped) below, `footer` in small. */
export function htmlMail(title: string, body: string, footer: string): string {
  return (
    '<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
    '</head><body style="font-family:sans-serif;font-size:16px;line-height:1.45;color:#1d2524;margin:0;' +
    'padding:16px;max-width:40em">' +
    `<h1 style="font-size:20px;margin:0 0 8px">${escapeHtml(title)}</h1>${body}` +
    `<p style="color:#4a5553;font-size:14px">${escapeHtml(footer)}</p></body></html>`
  );
}
