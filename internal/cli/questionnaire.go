package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/report"
)

func newCmdQuestionnaire(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "questionnaire",
		Aliases: []string{"q"},
		Short:   "List, show and validate questionnaires; print templates",
		Long: `A questionnaire is a YAML file: the five levels, the dimensions with their
questions, the gates that cap the level, and the catalogue of actions the
90-day plan is built from. The default, convergence-core, is built in.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usageErrorf("name a subcommand: list, show, validate or template")
		},
	}
	cmd.AddCommand(
		newCmdQuestionnaireList(f),
		newCmdQuestionnaireShow(f),
		newCmdQuestionnaireValidate(f),
		newCmdQuestionnaireTemplate(f),
	)
	return cmd
}

type questionnaireSummary struct {
	ID        string `json:"id"`
	Version   string `json:"version"`
	Title     string `json:"title"`
	Questions int    `json:"questions"`
	Minutes   int    `json:"minutes"`
	Digest    string `json:"digest"`
}

func newCmdQuestionnaireList(f *factory) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the built-in questionnaires",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if format != "text" && format != "json" {
				return usageErrorf("--format must be text or json, not %q", format)
			}
			var list []questionnaireSummary
			for _, id := range questionnaire.Builtin() {
				q, _, err := questionnaire.Resolve(id)
				if err != nil {
					return err
				}
				list = append(list, questionnaireSummary{
					ID: q.ID, Version: q.Version, Title: q.Title,
					Questions: len(q.Questions()), Minutes: q.Minutes, Digest: q.Digest,
				})
			}
			if format == "json" {
				return report.WriteJSON(f.io.Out, list)
			}
			tw := tabwriter.NewWriter(f.io.Out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tVERSION\tQUESTIONS\tTITLE")
			for _, s := range list {
				fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", s.ID, s.Version, s.Questions, s.Title)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output `format`: text or json")
	return cmd
}

func newCmdQuestionnaireShow(f *factory) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "show [ID|PATH]",
		Short: "Print a questionnaire as text, YAML or JSON",
		Long: `Print a questionnaire: as text to read it, or as YAML or JSON (everything:
levels, dimensions with their questions and options, gates, flags and the
action catalogue) for other programs.`,
		Example: `  convergence questionnaire show
  convergence questionnaire show --format json |
    jq '.dimensions[].questions[].id'`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if format != "text" && format != "json" && format != "yaml" {
				return usageErrorf("--format must be text, yaml or json, not %q", format)
			}
			q, err := loadQuestionnaire(f, firstArg(args))
			if err != nil {
				return err
			}
			switch format {
			case "json":
				return report.WriteJSON(f.io.Out, q)
			case "yaml":
				enc := yaml.NewEncoder(f.io.Out)
				enc.SetIndent(2)
				if err := enc.Encode(q); err != nil {
					return err
				}
				return enc.Close()
			}
			return showText(f.io.Out, q)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output `format`: text, yaml or json")
	return cmd
}

func firstArg(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

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
			fmt.Fprintf(&b, "    ?  %s\n", questionnaire.NotSureLabel)
			if qu.AllowNA {
				fmt.Fprintf(&b, "    -  %s\n", questionnaire.NotApplicableLabel)
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

func newCmdQuestionnaireValidate(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "validate PATH...",
		Short: "Check questionnaire files and report every problem",
		Long: `Check questionnaire files and report every problem with file:line:col:
unknown fields, duplicate ids, wrong level sets, missing text, gates or
actions that name unknown ids. Warnings (a dimension with no actions for a
level, more than 20 questions) do not fail the check.

Exit status: 0 when every file is valid, 2 when any has an error.`,
		Example: `  convergence questionnaire validate questionnaires/convergence-core.yaml`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("name at least one questionnaire file to validate")
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			failed := 0
			for _, path := range args {
				if !validateOne(f, path) {
					failed++
				}
			}
			if failed > 0 {
				return &inputError{err: fmt.Errorf("%d of %d questionnaires are invalid", failed, len(args))}
			}
			return nil
		},
	}
}

// validateOne prints every problem of one file and reports whether it is
// usable.
func validateOne(f *factory, path string) bool {
	data, err := questionnaire.ReadFile(path)
	var q *questionnaire.Questionnaire
	if err == nil {
		q, err = questionnaire.Parse(path, data)
	}
	if err != nil {
		var probs questionnaire.Problems
		if !errors.As(err, &probs) {
			probs = questionnaire.Problems{{File: path, Msg: err.Error()}}
		}
		for _, p := range probs {
			fmt.Fprintln(f.io.ErrOut, p.String())
		}
		return false
	}
	probs := questionnaire.Validate(q)
	for _, p := range probs {
		fmt.Fprintln(f.io.ErrOut, p.String())
	}
	if len(probs.Errors()) > 0 {
		return false
	}
	fmt.Fprintf(f.io.Out, "%s: ok: %s %s, %s, %d words on screen, %s, %s\n",
		path, q.ID, q.Version, countOf(len(q.Questions()), "question", "questions"), questionnaire.WordsOnScreen(q),
		countOf(len(q.Actions), "action", "actions"), countOf(len(probs), "warning", "warnings"))
	return true
}

func newCmdQuestionnaireTemplate(f *factory) *cobra.Command {
	var out string
	var force bool
	cmd := &cobra.Command{
		Use:   "template [ID|PATH]",
		Short: "Print a blank answers file to fill in offline",
		Long: `Print an answers file with every question as a comment block (the prompt,
the five options and who knows the answer), ready to fill in with a level
1-5, "unsure" or, where allowed, "na". Score it with "convergence score".`,
		Example: `  convergence questionnaire template > answers.yaml
  $EDITOR answers.yaml
  convergence score --answers answers.yaml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			// The template is the file people fill in: an existing one is
			// not replaced without --force.
			if out != "" && out != "-" && !force {
				if _, err := os.Lstat(out); err == nil {
					return usageErrorf("-o %s: the file exists; choose another name, or add --force to replace it", out)
				}
			}
			q, err := loadQuestionnaire(f, firstArg(args))
			if err != nil {
				return err
			}
			o := outputFlags{out: out}
			return o.write(f, func(w io.Writer) error { return writeTemplate(w, q) })
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "write the template to `FILE` instead of standard output")
	cmd.Flags().BoolVar(&force, "force", false, "let -o replace an existing file")
	return cmd
}

func writeTemplate(w io.Writer, q *questionnaire.Questionnaire) error {
	var b strings.Builder
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
	fmt.Fprintf(&b, "  role: \"\"   # %s\n", strings.Join(questionnaire.Roles, ", "))
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
			fmt.Fprintf(&b, "  #   unsure  %s\n", questionnaire.NotSureLabel)
			if qu.AllowNA {
				fmt.Fprintf(&b, "  #   na  %s\n", questionnaire.NotApplicableLabel)
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
