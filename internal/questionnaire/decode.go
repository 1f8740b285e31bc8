package questionnaire

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/convergence-model/convergence/internal/diag"
)

// maxDepth bounds the nesting of YAML collections. The deepest legitimate
// document (a questionnaire option inside a question inside a dimension) is
// far shallower.
const maxDepth = 32

// decoder turns a YAML node tree into typed values by hand, so that every
// problem is reported with its line and column and none stops the others
// from being found. yaml.v3's own struct decoding forgets KnownFields when
// decoding from nodes and stops at the first error, which is why it is not
// used here.
type decoder struct {
	file     string
	problems diag.Problems
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	p := diag.Problem{File: d.file, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		p.Line, p.Col = n.Line, n.Column
	}
	d.problems = append(d.problems, p)
}

// parseDocument checks the raw bytes and parses them into a single YAML
// document node. Alias nodes are refused outright, which makes alias bombs
// fail in linear time, and nesting is bounded.
func parseDocument(file string, data []byte) (*yaml.Node, diag.Problems) {
	fail := func(line, col int, format string, args ...any) (*yaml.Node, diag.Problems) {
		return nil, diag.Problems{{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}}
	}
	if len(data) > diag.MaxFileSize {
		return fail(0, 0, "file is larger than %d MiB", diag.MaxFileSize>>20)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 || !utf8.Valid(data) {
		return fail(0, 0, "file is not UTF-8 text (binary data?)")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fail(0, 0, "file is empty")
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return fail(0, 0, "file holds no YAML or JSON document (only comments?)")
		}
		line, msg := yamlErrorLine(err)
		// An error at the end of the stream can be reported on the line
		// after the last; point at the last line instead.
		line = min(line, bytes.Count(bytes.TrimRight(data, "\n"), []byte("\n"))+1)
		return fail(line, 0, "not valid YAML or JSON: %s", msg)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return fail(extra.Line, extra.Column, "file holds more than one YAML document; put everything in one")
	} else if !errors.Is(err, io.EOF) {
		line, msg := yamlErrorLine(err)
		return fail(line, 0, "not valid YAML or JSON: %s", msg)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return fail(0, 0, "file holds no YAML or JSON document")
	}
	root := doc.Content[0]
	if p, ok := checkShape(root, 1); !ok {
		return fail(p.Line, p.Col, "%s", p.Msg)
	}
	return root, nil
}

// checkShape walks the tree once, refusing aliases, merge keys and deep
// nesting before any value is decoded.
func checkShape(n *yaml.Node, depth int) (diag.Problem, bool) {
	if depth > maxDepth {
		return diag.Problem{Line: n.Line, Col: n.Column, Msg: fmt.Sprintf("nested more than %d levels deep", maxDepth)}, false
	}
	if n.Kind == yaml.AliasNode {
		return diag.Problem{Line: n.Line, Col: n.Column, Msg: "YAML aliases (*name) are not supported; write the value out"}, false
	}
	if n.Tag == "!!merge" {
		return diag.Problem{Line: n.Line, Col: n.Column, Msg: "YAML merge keys (<<) are not supported; write the fields out"}, false
	}
	for _, c := range n.Content {
		if p, ok := checkShape(c, depth+1); !ok {
			return p, false
		}
	}
	return diag.Problem{}, true
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parserProblems are the yaml.v3 parser (not scanner) errors. For these it
// reports the line where the unfinished construct began counted from 0, so
// one is added to match the 1-based lines everywhere else.
var parserProblems = []string{
	"did not find expected <document start>",
	"did not find expected node content",
	"did not find expected key",
	"did not find expected '-' indicator",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
}

// yamlErrorLine pulls the line number out of a yaml.v3 error message so it
// can be reported as file:line like every other problem.
func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	m := yamlLineRE.FindStringSubmatch(msg)
	if m == nil {
		return 0, strings.TrimPrefix(msg, "yaml: ")
	}
	line, _ := strconv.Atoi(m[1])
	for _, p := range parserProblems {
		if strings.HasPrefix(m[2], p) {
			line++
			break
		}
	}
	return line, m[2]
}

// field describes one key a mapping may hold.
type field struct {
	name     string
	required bool
	decode   func(v *yaml.Node)
}

// mapping decodes a mapping node field by field, reporting unknown keys (with
// a suggestion), duplicate keys and missing required keys.
func (d *decoder) mapping(n *yaml.Node, what string, fields []field) bool {
	if !d.isKind(n, yaml.MappingNode, what) {
		return false
	}
	seen := make(map[string]*yaml.Node, len(fields))
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "%s has a key that is not a plain name", what)
			continue
		}
		if first, dup := seen[k.Value]; dup {
			d.errorf(k, "duplicate key %q in %s (first at line %d)", k.Value, what, first.Line)
			continue
		}
		seen[k.Value] = k
		f := findField(fields, k.Value)
		if f == nil {
			d.errorf(k, "unknown field %q in %s%s", k.Value, what, suggest(k.Value, names))
			continue
		}
		f.decode(v)
	}
	for _, f := range fields {
		if _, ok := seen[f.name]; f.required && !ok {
			d.errorf(n, "%s is missing %q", what, f.name)
		}
	}
	return true
}

func findField(fields []field, name string) *field {
	for i := range fields {
		if fields[i].name == name {
			return &fields[i]
		}
	}
	return nil
}

// sequence calls each for every item of a sequence node.
func (d *decoder) sequence(n *yaml.Node, what string, each func(i int, item *yaml.Node)) {
	if !d.isKind(n, yaml.SequenceNode, what) {
		return
	}
	for i, item := range n.Content {
		each(i, item)
	}
}

func (d *decoder) isKind(n *yaml.Node, want yaml.Kind, what string) bool {
	if n.Kind == want {
		return true
	}
	d.errorf(n, "%s must be %s, found %s", what, kindName(want), describe(n))
	return false
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "a mapping (key: value)"
	case yaml.SequenceNode:
		return "a list"
	default:
		return "a single value"
	}
}

// describe names what a node holds, for "expected X, found Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return strconv.Quote(diag.Truncate(n.Value, 40))
	}
	return "something else"
}

func (d *decoder) str(n *yaml.Node, what string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n, "%s must be text, found %s", what, describe(n))
		return ""
	}
	return n.Value
}

func (d *decoder) int(n *yaml.Node, what string) int {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		if v, err := strconv.Atoi(n.Value); err == nil {
			return v
		}
	}
	d.errorf(n, "%s must be a whole number, found %s", what, describe(n))
	return 0
}

func (d *decoder) float(n *yaml.Node, what string) float64 {
	if n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float") {
		if v, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return v
		}
	}
	d.errorf(n, "%s must be a number, found %s", what, describe(n))
	return 0
}

func (d *decoder) bool(n *yaml.Node, what string) bool {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		var v bool
		if err := n.Decode(&v); err == nil {
			return v
		}
	}
	d.errorf(n, "%s must be true or false, found %s", what, describe(n))
	return false
}

func pos(n *yaml.Node) diag.Pos { return diag.Pos{Line: n.Line, Col: n.Column} }

// suggest returns ` (did you mean "x"?)` when a known name is close to the
// unknown one, else a list of the names allowed.
func suggest(got string, names []string) string {
	best, bestDist := "", 3
	for _, name := range names {
		if dist := editDistance(strings.ToLower(got), name); dist < bestDist {
			best, bestDist = name, dist
		}
	}
	if best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return " (allowed: " + strings.Join(names, ", ") + ")"
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
