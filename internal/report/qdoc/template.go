package qdoc

import (
	"fmt"
	"io"
	"strings"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
)

// AnswersSchemaID is the "$id" of the answers file's JSON Schema
// (convergence schema answers), which the template names for editors.
const AnswersSchemaID = "https://convergence-model.github.io/schema/answers.v1.json"

// WriteTemplate writes a blank answers file for q, every question a
// comment block to fill in.
func WriteTemplate(w io.Writer, q *questionnaire.Questionnaire) error {
	var b strings.Builder
	b.WriteString("# yaml-language-server: $schema=" + AnswersSchemaID + "\n")
	fmt.Fprintf(&b, "# Answers for %s (%s).\n", q.Title, q.Ref())
	if q.Intro != "" {
		comment(&b, "", q.Intro)
	}
	b.WriteString("# After each question id, write the level (1-5) of the option that fits,\n")
	b.WriteString("# \"unsure\" if you do not know, or \"na\" where the question allows it.\n")
	b.WriteString("# Add evidence with {level: 3, note: \"...\"}. Then run:\n")
	b.WriteString("#   convergence score --answers this-file.yaml\n\n")
	fmt.Fprintf(&b, "questionnaire: %s\n", q.Ref())
	b.WriteString("respondent:\n  name: \"\"\n")
	fmt.Fprintf(&b, "  role: \"\"   # %s\n", strings.Join(result.Roles, ", "))
	b.WriteString("  org: \"\"\n")
	b.WriteString("# assessed_at: 2026-01-31T09:00:00Z   # optional; default: when scored\n")
	b.WriteString("answers:\n")
	for i, d := range q.Dimensions {
		fmt.Fprintf(&b, "\n  # ── %s · %d of %d ──\n", d.Name, i+1, len(q.Dimensions))
		for _, qu := range d.Questions {
			b.WriteString("\n")
			comment(&b, "  ", qu.Prompt)
			for _, o := range qu.Options {
				fmt.Fprintf(&b, "  #   %d  %s\n", o.Level, o.Label)
			}
			fmt.Fprintf(&b, "  #   unsure  %s\n", result.NotSureLabel)
			if qu.AllowNA {
				fmt.Fprintf(&b, "  #   na  %s\n", result.NotApplicableLabel)
			}
			if qu.Help != "" {
				comment(&b, "  ", qu.Help)
			}
			fmt.Fprintf(&b, "  %s:\n", qu.ID)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// comment writes text as YAML comment lines wrapped to 78 columns.
func comment(b *strings.Builder, indent, text string) {
	for _, line := range report.Wrap(text, 78-len(indent)-2) {
		fmt.Fprintf(b, "%s# %s\n", indent, line)
	}
}
