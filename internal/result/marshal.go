package result

import (
	"fmt"
	"io"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// marshalOptions encode as encoding/json does (its omitempty, its number
// formats), indented by two spaces, with HTML characters left as they are:
// in one pass, where encoding/json marshals and then indents.
var marshalOptions = jsonv2.JoinOptions(
	jsonv1.DefaultOptionsV1(),
	jsontext.WithIndent("  "),
	jsontext.EscapeForHTML(false),
	jsontext.EscapeForJS(false),
)

// Marshal encodes any document of this package as it is saved and printed:
// indented JSON, key order following the struct fields, HTML characters
// left as they are, and a final newline. C1 controls and direction
// overrides in strings are written as \u escapes, so the JSON reads the
// same in a terminal as in a program. The same document is always the same
// bytes.
func Marshal(v any) ([]byte, error) {
	data, err := jsonv2.Marshal(v, marshalOptions)
	if err != nil {
		return nil, err
	}
	return append(escapeUnsafe(data), '\n'), nil
}

// escapeUnsafe writes the C1 controls (U+0080–U+009F) and the direction
// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) in
// encoded JSON as \u escapes. Outside strings JSON is ASCII, so every such
// character is inside a string, where an escape means the same. It looks
// at the bytes only: the first byte of each is 0xC2 or 0xE2.
func escapeUnsafe(data []byte) []byte {
	unsafeAt := func(i int) (r rune, n int) {
		switch {
		case data[i] == 0xC2 && i+1 < len(data) && data[i+1] >= 0x80 && data[i+1] <= 0x9F:
			return rune(data[i+1]), 2
		case data[i] == 0xE2 && i+2 < len(data) && data[i+1] == 0x80 && data[i+2] >= 0xAA && data[i+2] <= 0xAE:
			return 0x2000 + rune(data[i+2]-0x80), 3
		case data[i] == 0xE2 && i+2 < len(data) && data[i+1] == 0x81 && data[i+2] >= 0xA6 && data[i+2] <= 0xA9:
			return 0x2040 + rune(data[i+2]-0x80), 3
		}
		return 0, 0
	}
	var out []byte
	last := 0
	for i := 0; i < len(data); i++ {
		if data[i] != 0xC2 && data[i] != 0xE2 {
			continue
		}
		r, n := unsafeAt(i)
		if n == 0 {
			continue
		}
		out = append(out, data[last:i]...)
		out = fmt.Appendf(out, "\\u%04x", r)
		i += n - 1
		last = i + 1
	}
	if out == nil {
		return data
	}
	return append(out, data[last:]...)
}

// Encode writes a document as Marshal encodes it.
func Encode(w io.Writer, v any) error {
	data, err := Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}
