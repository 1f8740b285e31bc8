// Package report renders result documents for people and programs: text
// for the terminal, Markdown, self-contained HTML and JSON. Every renderer
// writes to an io.Writer; one switch picks the format.
package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/colorprofile"

	"github.com/convergence-model/convergence/internal/result"
)

// Format is an output format.
type Format string

// The output formats every report command takes.
const (
	Text     Format = "text"
	Markdown Format = "markdown"
	HTML     Format = "html"
	JSON     Format = "json"
)

// Formats lists the formats in the order help text shows them.
var Formats = []Format{Text, Markdown, HTML, JSON}

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == strings.ToLower(s) {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown format %q: use one of %s", s, strings.Join(names, ", "))
}

// Options shape the text report. The command line decides them from what
// standard output is; the report itself never looks at the terminal.
type Options struct {
	// Width is the number of columns to fit; 0 means 80.
	Width int
	// Color is the colour profile of the terminal the text report is shown
	// on. ANSI and above give a styled report, downsampled to what the
	// profile can show; anything below — the zero value, NoTTY for a pipe
	// or a file, and what NO_COLOR selects — gives plain text with no
	// escape codes at all.
	Color colorprofile.Profile
	// Baseline, when set, is the comparison of an earlier result with the
	// one reported on: the report gains a section on what changed since
	// then ("Since 10 Jan 2026"), in every format but JSON.
	Baseline *result.Comparison
}

func (o Options) styled() bool { return o.Color >= colorprofile.ANSI }

func (o Options) width() int {
	if o.Width <= 0 {
		return 80
	}
	return o.Width
}

// Write renders one result in the given format.
func Write(w io.Writer, r *result.Result, f Format, opts Options) error {
	switch f {
	case JSON:
		return WriteJSON(w, r)
	case Text:
		return writeText(w, r, opts)
	case Markdown:
		return writeMarkdown(w, r, opts)
	case HTML:
		return writeHTML(w, r, opts)
	}
	return fmt.Errorf("unknown format %q", f)
}

// WriteJSON writes any document as indented JSON with a final newline. Key
// order follows the struct fields, so the same document is always the same
// bytes.
func WriteJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
