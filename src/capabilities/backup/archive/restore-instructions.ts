// The plain-text note every target carries at its top level: how to get the files back with nothing but
// GnuPG and tar, should Hausmeister (or the whole box) be gone.

export function restoreInstructions(): string {
  return `HOW TO RESTORE THESE BACKUPS WITHOUT HAUSMEISTER  (Deutsch: siehe unten)
===================================================

Every folder here is one backup. Its name says when it was made (UTC) and what it is:

  20261201T030000Z-full/                            a full backup: everything
  20261202T030000Z-incremental-20261201T030000Z/    what changed since the previous backup,
                                                    in the chain of that full backup

Inside each folder:
  volume-0001.tar.zst.gpg, ...  the files, as tar archives compressed with Zstandard, encrypted
  deleted.txt.gpg               (incremental only, if any) files deleted since the previous backup
  manifest.json.gz.gpg          the list of every file with its SHA-256 checksum

All of them are OpenPGP-encrypted with the backup passphrase (the "PGP key" in the backup settings).
You need GnuPG (gpg) and tar, nothing else; tar calls zstd for the volumes (Debian installs zstd by
default; otherwise: apt install zstd). gpg asks for the passphrase.

1. Restore the full backup (here into /restore; paths inside start below /):

     mkdir -p /restore
     for v in 20261201T030000Z-full/volume-*.tar.zst.gpg; do gpg -d "$v" | tar --zstd -x -C /restore; done

2. Then each incremental backup of that chain, oldest first, the same way, and after each one remove
   what it lists as deleted:

     gpg -d 2026...-incremental-.../deleted.txt.gpg | while IFS= read -r f; do rm -rf "/restore$f"; done

3. To check the files: gpg -d <folder>/manifest.json.gz.gpg | gunzip   (JSON: path, size, sha256, ...)

The newest backup of a chain holds the state of that moment; you may stop at any backup of the chain
to get the files as they were then.


WIEDERHERSTELLEN OHNE HAUSMEISTER
=================================

Jeder Ordner ist eine Sicherung: "...-full" eine Vollsicherung, "...-incremental-<Zeit>" die
Änderungen seit der vorigen Sicherung in der Kette der Vollsicherung <Zeit>. Alle Dateien sind mit dem
Backup-Passwort (dem "PGP-Schlüssel" aus den Backup-Einstellungen) verschlüsselt; Sie brauchen nur
GnuPG (gpg) und tar; tar ruft für die Volumes zstd auf (Debian installiert zstd von sich aus,
sonst: apt install zstd).

1. Vollsicherung auspacken (Beispiel: nach /restore):
     mkdir -p /restore
     for v in <vollsicherung>/volume-*.tar.zst.gpg; do gpg -d "$v" | tar --zstd -x -C /restore; done
2. Danach jede inkrementelle Sicherung der Kette, die älteste zuerst, genauso; nach jeder die in
   deleted.txt.gpg genannten Dateien löschen:
     gpg -d <ordner>/deleted.txt.gpg | while IFS= read -r f; do rm -rf "/restore$f"; done
3. Prüfsummen aller Dateien: gpg -d <ordner>/manifest.json.gz.gpg | gunzip
`;
}
