// Package qdoc renders the documents about questionnaires themselves: the
// list of built-in questionnaires, a questionnaire shown whole, and the
// blank answers file to fill in offline. It sits beside the questionnaire
// formats so that package report depends on the result model alone.
package qdoc

import (
	"fmt"
	"io"

	"go.yaml.in/yaml/v3"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
)

// ListSchema identifies the JSON list of built-in questionnaires.
const ListSchema = "convergence.questionnaires/v1"

// List is the built-in questionnaires.
type List struct {
	Schema         string    `json:"schema"`
	Questionnaires []Summary `json:"questionnaires"`
}

// Summary is one questionnaire in a List.
type Summary struct {
	ID        string `json:"id"`
	Version   string `json:"version"`
	Title     string `json:"title"`
	Questions int    `json:"questions"`
	Minutes   int    `json:"minutes"`
	Digest    string `json:"digest"`
	Default   bool   `json:"default"`
}

// Summarize is the List entry of q.
func Summarize(q *questionnaire.Questionnaire) Summary {
	return Summary{ID: q.ID, Version: q.Version, Title: q.Title, Questions: len(q.Questions()), Minutes: q.Minutes, Digest: q.Digest}
}

// Formats a list, a questionnaire and a template can be written in.
var (
	ListFormats          = []report.Format{report.Text, report.Markdown, report.JSON}
	QuestionnaireFormats = []report.Format{report.Text, report.Markdown, report.YAML, report.JSON}
)

// WriteList renders the list of questionnaires.
func WriteList(w io.Writer, l *List, f report.Format) error {
	switch f {
	case report.JSON:
		return result.Encode(w, l)
	case report.Text:
		return listText(w, l)
	case report.Markdown:
		return listMarkdown(w, l)
	}
	return fmt.Errorf("qdoc: no %s format for a questionnaire list", f)
}

// Write renders a questionnaire whole.
func Write(w io.Writer, q *questionnaire.Questionnaire, f report.Format) error {
	switch f {
	case report.JSON:
		return result.Encode(w, q)
	case report.YAML:
		enc := yaml.NewEncoder(w)
		enc.SetIndent(2)
		if err := enc.Encode(q); err != nil {
			return err
		}
		return enc.Close()
	case report.Text:
		return showText(w, q)
	case report.Markdown:
		return showMarkdown(w, q)
	}
	return fmt.Errorf("qdoc: no %s format for a questionnaire", f)
}
