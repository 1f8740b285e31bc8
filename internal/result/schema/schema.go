// Package schema holds the JSON Schemas of the documents the tool writes,
// and of the answers file it reads. They are the contract for programs
// that read results (docs/compatibility.md says what may change within a
// version); tests validate every JSON output against them.
package schema

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/convergence-model/convergence/internal/result"
)

// FS holds the schema files, named <document>.v<N>.json.
//
//go:embed *.json
var FS embed.FS

// Document is one schema: the name "convergence schema" takes, what it
// describes, and the value of the "schema" field of the documents it
// describes ("" for the answers file, which has none).
type Document struct {
	Name     string
	Describe string
	Schema   string
}

// Documents lists every schema, in the order "convergence schema" lists
// them.
var Documents = []Document{
	{"result", "one result: score, assess and report --format json, and --save", result.Schema},
	{"workshop", "a workshop: report on several results --format json", result.WorkshopSchema},
	{"compare", "a comparison: compare --format json", result.CompareSchema},
	{"history", "the saved results: history --format json", result.HistorySchema},
	{"answers", "an answers file, the input to score (YAML or JSON)", ""},
	{"questionnaire", "a questionnaire: questionnaire show --format json", "convergence.questionnaire/v1"},
	{"questionnaires", "the built-in questionnaires: questionnaire list --format json", "convergence.questionnaires/v1"},
	{"version", "the build: version --format json", "convergence.version/v1"},
}

// File is the name of the schema file of a document: "result.v1.json".
func (d Document) File() string { return d.Name + ".v1.json" }

// Lookup returns the schema of the named document.
func Lookup(name string) (Document, []byte, error) {
	for _, d := range Documents {
		if d.Name == name {
			data, err := FS.ReadFile(d.File())
			return d, data, err
		}
	}
	names := make([]string, len(Documents))
	for i, d := range Documents {
		names[i] = d.Name
	}
	return Document{}, nil, fmt.Errorf("no schema %q: use one of %s", name, strings.Join(names, ", "))
}

// ForDocument returns the schema file of a document by its "schema" field
// ("convergence.result/v1" gives "result.v1.json"), or "" when there is
// none.
func ForDocument(schemaField string) string {
	for _, d := range Documents {
		if d.Schema != "" && d.Schema == schemaField {
			return d.File()
		}
	}
	return ""
}

// ID is the "$id" of a schema file: the address its documents name.
func ID(data []byte) string {
	var s struct {
		ID string `json:"$id"`
	}
	_ = json.Unmarshal(data, &s)
	return s.ID
}
