// Package report renders result documents for people and programs: text
// for the terminal, Markdown, self-contained HTML and JSON. Every renderer
// writes to an io.Writer; one switch picks the format.
package report

import (
	"fmt"
	"io"
	"slices"
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
	// OpenMetrics and CSV are for metrics collectors and spreadsheets;
	// JUnit is the gates of a command that has them, for CI test reports.
	OpenMetrics Format = "openmetrics"
	CSV         Format = "csv"
	JUnit       Format = "junit"
	// YAML is written only for questionnaires (see package qdoc).
	YAML Format = "yaml"
)

// Formats lists the formats for people and programs, in the order help
// text shows them; DataFormats, for metrics collectors and spreadsheets,
// follow them. Every report command takes both; JUnit is added by the
// commands that have gates.
var (
	Formats     = []Format{Text, Markdown, HTML, JSON}
	DataFormats = []Format{OpenMetrics, CSV}
)

// ParseFormat is the format a --format value names, in any case, and
// whether it names one. Which formats a command takes, and the message
// for one it does not, are the command's.
func ParseFormat(s string) (Format, bool) {
	for _, f := range slices.Concat(Formats, DataFormats, []Format{JUnit, YAML}) {
		if string(f) == strings.ToLower(s) {
			return f, true
		}
	}
	return "", false
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
	// Background is what is known of the terminal's background, from the
	// environment alone; it picks colours that keep their contrast there.
	Background Background
	// Baseline, when set, is the comparison of an earlier result with the
	// one reported on: the report gains a section on what changed since
	// then ("Since 10 Jan 2026"), in every format but JSON.
	Baseline *result.Comparison
	// MinLevel is the --min-level gate, for the JUnit report; 0 for none.
	MinLevel int
}

func (o Options) styled() bool { return o.Color >= colorprofile.ANSI }

func (o Options) width() int {
	if o.Width <= 0 {
		return 80
	}
	return o.Width
}

// Write renders a document — a *result.Result, *result.Workshop,
// *result.Comparison or *result.History — in the given format. It is the
// one place that picks a renderer by format; JSON is the document itself.
func Write(w io.Writer, doc any, f Format, opts Options) error {
	var r renderers
	switch d := doc.(type) {
	case *result.Result:
		r = renderers{
			text:     func() error { return writeText(w, d, opts) },
			markdown: func() error { return writeMarkdown(w, d, opts) },
			html:     func() error { return writeHTML(w, d, opts) },
		}
	case *result.Workshop:
		// The reports lead with where the respondents disagree, then the
		// means of each role, then the group's level, gaps and plan as a
		// single result's report shows them, and end with the respondents.
		r = renderers{
			text:     func() error { return writeWorkshopText(w, d, opts) },
			markdown: func() error { return writeWorkshopMarkdown(w, d) },
			html:     func() error { return writeWorkshopHTML(w, d) },
		}
	case *result.Comparison:
		r = renderers{
			text:     func() error { return writeComparisonText(w, d, opts) },
			markdown: func() error { return writeComparisonMarkdown(w, d, opts) },
			html:     func() error { return writeComparisonHTML(w, d) },
		}
	case *result.History:
		r = renderers{
			text:     func() error { return writeHistoryText(w, d, opts) },
			markdown: func() error { return writeHistoryMarkdown(w, d) },
		}
	default:
		return fmt.Errorf("report: cannot render a %T", doc)
	}
	var render func() error
	switch f {
	case JSON:
		render = func() error { return result.Encode(w, doc) }
	case Text:
		render = r.text
	case Markdown:
		render = r.markdown
	case HTML:
		render = r.html
	case OpenMetrics:
		render = func() error { return writeOpenMetrics(w, doc, opts) }
	case CSV:
		render = func() error { return writeCSV(w, doc) }
	case JUnit:
		render = func() error { return writeJUnit(w, doc, opts) }
	}
	if render == nil {
		return fmt.Errorf("report: no %s format for a %T", f, doc)
	}
	return render()
}

// renderers are one document's renderers, by format.
type renderers struct {
	text, markdown, html func() error
}

// FormatsOf lists the formats a document can be written in: every format
// for a result, a workshop and a comparison, and JUnit for the gates of a
// result or a comparison; text, Markdown, JSON and CSV for a history.
func FormatsOf(doc any) []Format {
	switch doc.(type) {
	case *result.History:
		return []Format{Text, Markdown, JSON, CSV}
	case *result.Result, *result.Comparison:
		return slices.Concat(Formats, DataFormats, []Format{JUnit})
	}
	return slices.Concat(Formats, DataFormats)
}
