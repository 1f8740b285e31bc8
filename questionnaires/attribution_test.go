package questionnaires

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// namesASource finds the words that credit a source: the two articles the
// model comes from, and the reports and people they quote.
var namesASource = regexp.MustCompile(`(?i)\b(2016|2026|source) ?(CMO )?articles?\b|\bAscend2\b|\bAdobe\b|Digital Trends|Franz Aman|eMarketer|Couch Associates|\bSAS 2025`)

type attribution struct {
	Sentence string `yaml:"sentence"`
	Quotes   []struct {
		Source string `yaml:"source"`
		Text   string `yaml:"text"`
	} `yaml:"quotes"`
}

func loadAttributions(t *testing.T) []attribution {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "attributions.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Attributions []attribution `yaml:"attributions"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Attributions
}

// TestEverySourceClaimIsListedWithItsQuote holds every sentence that names
// a source — in the built-in questionnaires, the README, docs/ and every
// command's help — to the list in testdata/attributions.yaml, which gives
// the lines of the source behind it.
// A text is checked by taking out every listed sentence it holds: what is
// left must not name a source.
func TestEverySourceClaimIsListedWithItsQuote(t *testing.T) {
	attrs := loadAttributions(t)
	texts := map[string]string{} // where → text
	files, err := filepath.Glob("*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := FS.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var root yaml.Node
		if err := yaml.Unmarshal(data, &root); err != nil {
			t.Fatal(err)
		}
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			if n.Kind == yaml.ScalarNode {
				texts[f+":"+strconv.Itoa(n.Line)] = n.Value
			}
			for _, c := range n.Content {
				walk(c)
			}
		}
		walk(&root)
	}
	// docs/commands holds every command's help, generated from the code.
	docs, _ := filepath.Glob(filepath.Join("..", "docs", "*.md"))
	commands, _ := filepath.Glob(filepath.Join("..", "docs", "commands", "*.md"))
	if len(commands) == 0 {
		t.Fatal("no command reference in docs/commands")
	}
	for _, f := range append(append(docs, commands...), filepath.Join("..", "README.md")) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// Paragraphs are wrapped over lines; read each as one text. Code
		// blocks are left out: they show the program's own output, whose
		// text comes from the questionnaires checked above.
		prose := regexp.MustCompile("(?s)```.*?```").ReplaceAllString(string(data), "")
		for i, para := range strings.Split(prose, "\n\n") {
			texts[f+" paragraph "+strconv.Itoa(i+1)] = strings.Join(strings.Fields(para), " ")
		}
	}
	used := map[string]bool{}
	for where, text := range texts {
		rest := text
		for _, a := range attrs {
			if strings.Contains(rest, a.Sentence) {
				used[a.Sentence] = true
				rest = strings.ReplaceAll(rest, a.Sentence, "")
			}
		}
		if m := namesASource.FindString(rest); m != "" {
			t.Errorf("%s names a source (%q) in a sentence testdata/attributions.yaml does not list with its quote:\n%s", where, m, rest)
		}
	}
	for _, a := range attrs {
		if !used[a.Sentence] {
			t.Errorf("testdata/attributions.yaml lists a sentence nothing says any more: %q", a.Sentence)
		}
		if len(a.Quotes) == 0 {
			t.Errorf("testdata/attributions.yaml gives no quote for %q", a.Sentence)
		}
	}
}

// sourceFiles are where the two articles' texts may be kept beside the
// repository; CONVERGENCE_SOURCES names another directory.
var sourceFiles = map[string]string{
	"2016": "the-great-convergence-begins-2016.txt",
	"2026": "ai-martech-convergence-cmo-2026.txt",
}

// TestAttributedQuotesAreInTheSources checks each quote word for word
// against the article it is from. The articles are not part of the
// repository; the test reads them from CONVERGENCE_SOURCES, or from
// ../shared/sources beside the repository, and says so when neither has
// them.
func TestAttributedQuotesAreInTheSources(t *testing.T) {
	dir := os.Getenv("CONVERGENCE_SOURCES")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "sources")
	}
	texts := map[string]string{}
	for id, name := range sourceFiles {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Skipf("the source texts are not at hand (%v); the quotes were checked where they are", err)
		}
		texts[id] = strings.Join(strings.Fields(string(data)), " ")
	}
	for _, a := range loadAttributions(t) {
		for _, q := range a.Quotes {
			src, ok := texts[q.Source]
			if !ok {
				t.Errorf("%q quotes unknown source %q", a.Sentence, q.Source)
				continue
			}
			if !strings.Contains(src, strings.Join(strings.Fields(q.Text), " ")) {
				t.Errorf("the %s article does not say %q (quoted for %q)", q.Source, q.Text, a.Sentence)
			}
		}
	}
}
