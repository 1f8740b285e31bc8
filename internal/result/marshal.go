package result

import (
	"fmt"
	"io"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"

	"github.com/convergence-model/convergence/internal/diag"
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

// escapeUnsafe writes the characters beyond ASCII that diag.Clean would
// remove — the C1 controls and the direction embeddings, overrides and
// isolates — in encoded JSON as \u escapes. Outside strings JSON is ASCII,
// so every such character is inside a string, where an escape means the
// same. ASCII is left alone: the encoder has escaped the C0 controls in
// strings already, the ones outside them are the indentation, and DEL is
// written as it is.
func escapeUnsafe(data []byte) []byte {
	var out []byte
	last := 0
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if diag.UnsafeRune(r) {
			out = append(out, data[last:i]...)
			out = fmt.Appendf(out, "\\u%04x", r)
			last = i + n
		}
		i += n
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
