package report

import (
	"embed"
	"html/template"
	"sync"
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
	funcs := template.FuncMap{"inc": func(i int) int { return i + 1 }}
	return template.Must(template.New("").Funcs(funcs).ParseFS(htmlSources, "*.html.tmpl"))
})
