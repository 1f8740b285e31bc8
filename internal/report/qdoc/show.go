package qdoc

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
)

func showText(w io.Writer, q *questionnaire.Questionnaire) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s %s)\n", q.Title, q.ID, q.Version)
	minutes := ""
	if q.Minutes > 0 {
		minutes = fmt.Sprintf("about %d minutes, ", q.Minutes)
	}
	fmt.Fprintf(&b, "%d questions, %s%d words on screen\n", len(q.Questions()), minutes, questionnaire.WordsOnScreen(q))
	if q.Intro != "" {
		fmt.Fprintf(&b, "\n%s\n", q.Intro)
	}
	b.WriteString("\nLevels\n")
	for _, l := range q.Levels {
		fmt.Fprintf(&b, "  %d  %-13s %s\n", l.Level, l.Name, l.Summary)
	}
	for i, d := range q.Dimensions {
		fmt.Fprintf(&b, "\n%s · %d of %d\n", d.Name, i+1, len(q.Dimensions))
		for _, qu := range d.Questions {
			fmt.Fprintf(&b, "\n  %s\n  %s\n", qu.ID, qu.Prompt)
			for _, o := range qu.Options {
				fmt.Fprintf(&b, "    %d  %s\n", o.Level, o.Label)
			}
			fmt.Fprintf(&b, "    ?  %s\n", result.NotSureLabel)
			if qu.AllowNA {
				fmt.Fprintf(&b, "    -  %s\n", result.NotApplicableLabel)
			}
		}
	}
	if len(q.Gates) > 0 {
		b.WriteString("\nGates\n")
		for _, g := range q.Gates {
			fmt.Fprintf(&b, "  Level %d+ needs %s at %d or more\n", g.MinLevel, g.Requires.Question, g.Requires.AtLeast)
		}
	}
	fmt.Fprintf(&b, "\n%d actions in the plan catalogue (--format yaml shows them)\n", len(q.Actions))
	_, err := io.WriteString(w, b.String())
	return err
}

func showMarkdown(w io.Writer, q *questionnaire.Questionnaire) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n`%s` %s · %s · %d words on screen\n", report.EscapeMarkdown(q.Title), q.ID, q.Version,
		diag.Count(len(q.Questions()), "question", "questions"), questionnaire.WordsOnScreen(q))
	if q.Intro != "" {
		fmt.Fprintf(&b, "\n%s\n", report.EscapeMarkdown(q.Intro))
	}
	b.WriteString("\n## Levels\n\n| Level | Name | Meaning |\n|---:|---|---|\n")
	for _, l := range q.Levels {
		fmt.Fprintf(&b, "| %d | %s | %s |\n", l.Level, report.EscapeMarkdown(l.Name), report.EscapeMarkdown(l.Summary))
	}
	for i, d := range q.Dimensions {
		fmt.Fprintf(&b, "\n## %s · %d of %d\n", report.EscapeMarkdown(d.Name), i+1, len(q.Dimensions))
		for _, qu := range d.Questions {
			fmt.Fprintf(&b, "\n**%s** `%s`\n\n", report.EscapeMarkdown(qu.Prompt), qu.ID)
			for _, o := range qu.Options {
				fmt.Fprintf(&b, "%d. %s\n", o.Level, report.EscapeMarkdown(o.Label))
			}
			fmt.Fprintf(&b, "- %s\n", result.NotSureLabel)
			if qu.AllowNA {
				fmt.Fprintf(&b, "- %s\n", result.NotApplicableLabel)
			}
		}
	}
	if len(q.Gates) > 0 {
		b.WriteString("\n## Gates\n\n")
		for _, g := range q.Gates {
			fmt.Fprintf(&b, "- Level %d+ needs `%s` at %d or more\n", g.MinLevel, g.Requires.Question, g.Requires.AtLeast)
		}
	}
	fmt.Fprintf(&b, "\n%s in the plan catalogue (`--format yaml` shows them).\n", diag.Count(len(q.Actions), "action", "actions"))
	_, err := io.WriteString(w, b.String())
	return err
}

func listText(w io.Writer, l *List) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tVERSION\tQUESTIONS\tTITLE")
	for _, s := range l.Questionnaires {
		def := ""
		if s.Default {
			def = " (default)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s%s\n", diag.Clean(s.ID), diag.Clean(s.Version), s.Questions, diag.Clean(s.Title), def)
	}
	return tw.Flush()
}

func listMarkdown(w io.Writer, l *List) error {
	var b strings.Builder
	b.WriteString("| ID | Version | Questions | Title |\n|---|---|---:|---|\n")
	for _, s := range l.Questionnaires {
		def := ""
		if s.Default {
			def = " (default)"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %d | %s%s |\n", diag.Clean(s.ID), report.EscapeMarkdown(s.Version), s.Questions, report.EscapeMarkdown(s.Title), def)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
