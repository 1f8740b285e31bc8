package result

import (
	"bytes"
	"encoding/json"
	"io"
)

// Marshal encodes any document of this package as it is saved and printed:
// indented JSON, key order following the struct fields, HTML characters
// left as they are, and a final newline. The same document is always the
// same bytes.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
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
