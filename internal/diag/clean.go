package diag

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clean makes a string from a file, a file name or a flag safe to show:
// control characters (a terminal escape sequence starts with one, C1
// controls included) and the invisible bidirectional overrides that can
// make text read differently from what it is are removed, line breaks and
// tabs become spaces, and invalid UTF-8 becomes the replacement character.
// Right-to-left text itself is kept: only the characters that force a
// direction go.
func Clean(s string) string {
	ok := utf8.ValidString(s)
	if ok {
		for _, r := range s {
			if UnsafeRune(r) || r == '\n' || r == '\t' || r == '\r' {
				ok = false
				break
			}
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			b.WriteByte(' ')
		case UnsafeRune(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// UnsafeRune reports whether r is a control character (C0, DEL or C1) or a
// bidirectional embedding, override or isolate: what Clean removes.
func UnsafeRune(r rune) bool {
	switch {
	case unicode.IsControl(r):
		return true
	case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}
