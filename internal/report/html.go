package report

import (
	"embed"
	"html/template"
	"strings"
	"sync"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/result"
)

// The HTML report is one self-contained file: inline CSS and SVG, no
// scripts, no fonts, images or styles fetched from anywhere, and a content
// security policy that forbids them all in case anything slipped through.
// html/template escapes every string from the result by its context.

//go:embed *.html.tmpl
var htmlSources embed.FS

// htmlTemplate is parsed on first use, not at start-up, so that commands
// that print no HTML pay nothing for it. It holds every document ("report",
// "workshop", "comparison") and the parts they share.
var htmlTemplate = sync.OnceValue(func() *template.Template {
	funcs := template.FuncMap{
		"inc":               func(i int) int { return i + 1 },
		"joinAnd":           func(items []string) string { return diag.Join(items, "and") },
		"upperFirst":        result.UpperFirst,
		"trimPrefix":        func(s, prefix string) string { return strings.TrimPrefix(s, prefix) },
		"gapsTitle":         gapsTitle,
		"firstActionsTitle": firstActionsTitle,
		"colourLegend":      func() string { return colourLegend },
		"digestGroups":      digestGroups,
		"nobreak":           nobreak,
	}
	return template.Must(template.New("").Funcs(funcs).ParseFS(htmlSources, "*.html.tmpl"))
})

// digestGroups writes a digest's hex in groups of eight, as fingerprints
// are read out, so that a narrow screen wraps it between groups rather
// than inside one.
func digestGroups(d string) string {
	algo, hex, ok := strings.Cut(d, ":")
	if !ok {
		algo, hex = "", d
	}
	var groups []string
	rs := []rune(hex)
	for len(rs) > 8 {
		groups = append(groups, string(rs[:8]))
		rs = rs[8:]
	}
	groups = append(groups, string(rs))
	s := strings.Join(groups, " ")
	if ok {
		s = algo + ": " + s
	}
	return s
}

// nobreak keeps a step ("2 → 3") on one line: the spaces around its arrow
// become non-breaking.
func nobreak(s string) string { return strings.ReplaceAll(s, " → ", "\u00a0→\u00a0") }
