package questionnaire

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/convergence-model/convergence/internal/diag"
)

// Parse decodes a questionnaire strictly: unknown fields, duplicate keys and
// wrong types are problems, and every problem found is returned at once as
// diag.Problems. It does not check meaning (ids, level sets, references); that
// is Validate's job. The file name is used only in messages.
func Parse(file string, data []byte) (*Questionnaire, error) {
	root, probs := parseDocument(file, data)
	if probs != nil {
		return nil, probs
	}
	d := &decoder{file: file}
	q := &Questionnaire{File: file, Pos: pos(root)}
	d.mapping(root, "the questionnaire", []field{
		{"id", true, func(v *yaml.Node) { q.ID = d.str(v, "id") }},
		{"version", true, func(v *yaml.Node) { q.Version = d.str(v, "version") }},
		{"title", true, func(v *yaml.Node) { q.Title = d.str(v, "title") }},
		{"minutes", false, func(v *yaml.Node) { q.Minutes = d.int(v, "minutes") }},
		{"intro", false, func(v *yaml.Node) { q.Intro = d.str(v, "intro") }},
		{"levels", true, func(v *yaml.Node) {
			d.sequence(v, "levels", func(_ int, n *yaml.Node) { q.Levels = append(q.Levels, d.level(n)) })
		}},
		{"dimensions", true, func(v *yaml.Node) {
			d.sequence(v, "dimensions", func(_ int, n *yaml.Node) { q.Dimensions = append(q.Dimensions, d.dimension(n)) })
		}},
		{"gates", false, func(v *yaml.Node) {
			d.sequence(v, "gates", func(_ int, n *yaml.Node) { q.Gates = append(q.Gates, d.gate(n)) })
		}},
		{"flags", false, func(v *yaml.Node) {
			d.sequence(v, "flags", func(_ int, n *yaml.Node) { q.Flags = append(q.Flags, d.flag(n)) })
		}},
		{"earlier_digests", false, func(v *yaml.Node) {
			d.sequence(v, "earlier_digests", func(_ int, n *yaml.Node) { q.EarlierDigests = append(q.EarlierDigests, d.str(n, "an earlier digest")) })
		}},
		{"ai", false, func(v *yaml.Node) { q.AI = d.aiReading(v) }},
		{"unknowns", false, func(v *yaml.Node) { q.Unknowns = d.actionText(v, "unknowns") }},
		{"changes", false, func(v *yaml.Node) { q.Changes = d.changes(v) }},
		{"actions", false, func(v *yaml.Node) {
			d.sequence(v, "actions", func(_ int, n *yaml.Node) { q.Actions = append(q.Actions, d.action(n)) })
		}},
	})
	if len(d.problems) > 0 {
		return nil, d.problems
	}
	for i := range q.Actions {
		// A linked action belongs to its question's dimension.
		if a := &q.Actions[i]; a.Dimension == "" && a.Question != "" {
			if qu := q.Question(a.Question); qu != nil {
				a.Dimension = qu.Dimension
			}
		}
	}
	q.Digest = ContentDigest(q)
	return q, nil
}

func (d *decoder) level(n *yaml.Node) Level {
	l := Level{Pos: pos(n)}
	d.mapping(n, "a level", []field{
		{"level", true, func(v *yaml.Node) { l.Level = d.int(v, "level") }},
		{"name", true, func(v *yaml.Node) { l.Name = d.str(v, "name") }},
		{"summary", true, func(v *yaml.Node) { l.Summary = d.str(v, "summary") }},
		{"ai", true, func(v *yaml.Node) { l.AI = d.str(v, "ai") }},
	})
	return l
}

func (d *decoder) dimension(n *yaml.Node) Dimension {
	dim := Dimension{Weight: 1, Pos: pos(n)}
	d.mapping(n, "a dimension", []field{
		{"id", true, func(v *yaml.Node) { dim.ID = d.str(v, "id") }},
		{"name", true, func(v *yaml.Node) { dim.Name = d.str(v, "name") }},
		{"weight", false, func(v *yaml.Node) { dim.Weight = d.float(v, "weight") }},
		{"summary", false, func(v *yaml.Node) { dim.Summary = d.str(v, "summary") }},
		{"questions", true, func(v *yaml.Node) {
			d.sequence(v, "questions", func(_ int, n *yaml.Node) { dim.Questions = append(dim.Questions, d.question(n)) })
		}},
	})
	for i := range dim.Questions {
		dim.Questions[i].Dimension = dim.ID
	}
	return dim
}

func (d *decoder) question(n *yaml.Node) Question {
	qu := Question{Weight: 1, Pos: pos(n)}
	d.mapping(n, "a question", []field{
		{"id", true, func(v *yaml.Node) { qu.ID = d.str(v, "id") }},
		{"prompt", true, func(v *yaml.Node) { qu.Prompt = d.str(v, "prompt") }},
		{"topic", false, func(v *yaml.Node) { qu.Topic = d.str(v, "topic") }},
		{"ask", false, func(v *yaml.Node) { qu.Ask = d.str(v, "ask") }},
		{"help", false, func(v *yaml.Node) { qu.Help = d.str(v, "help") }},
		{"weight", false, func(v *yaml.Node) { qu.Weight = d.float(v, "weight") }},
		{"allow_na", false, func(v *yaml.Node) { qu.AllowNA = d.bool(v, "allow_na") }},
		{"na_when", false, func(v *yaml.Node) { qu.NAWhen = d.str(v, "na_when") }},
		{"no_action", false, func(v *yaml.Node) {
			d.sequence(v, "no_action", func(_ int, n *yaml.Node) {
				na := NoAction{Pos: pos(n)}
				d.mapping(n, "a no_action entry", []field{
					{"from_level", true, func(v *yaml.Node) { na.FromLevel = d.int(v, "from_level") }},
					{"reason", true, func(v *yaml.Node) { na.Reason = d.str(v, "reason") }},
				})
				qu.NoAction = append(qu.NoAction, na)
			})
		}},
		{"options", true, func(v *yaml.Node) {
			d.sequence(v, "options", func(_ int, n *yaml.Node) {
				o := Option{Pos: pos(n)}
				d.mapping(n, "an option", []field{
					{"level", true, func(v *yaml.Node) { o.Level = d.int(v, "level") }},
					{"label", true, func(v *yaml.Node) { o.Label = d.str(v, "label") }},
				})
				qu.Options = append(qu.Options, o)
			})
		}},
	})
	return qu
}

func (d *decoder) gate(n *yaml.Node) Gate {
	g := Gate{Pos: pos(n)}
	d.mapping(n, "a gate", []field{
		{"min_level", true, func(v *yaml.Node) { g.MinLevel = d.int(v, "min_level") }},
		{"requires", true, func(v *yaml.Node) {
			g.Requires.Pos = pos(v)
			d.mapping(v, "requires", []field{
				{"question", true, func(v *yaml.Node) { g.Requires.Question = d.str(v, "question") }},
				{"at_least", true, func(v *yaml.Node) { g.Requires.AtLeast = d.int(v, "at_least") }},
			})
		}},
		{"short", false, func(v *yaml.Node) { g.Short = d.str(v, "short") }},
		{"reason", true, func(v *yaml.Node) { g.Reason = d.str(v, "reason") }},
	})
	return g
}

func (d *decoder) flag(n *yaml.Node) Flag {
	f := Flag{Pos: pos(n)}
	d.mapping(n, "a flag", []field{
		{"id", true, func(v *yaml.Node) { f.ID = d.str(v, "id") }},
		{"title", false, func(v *yaml.Node) { f.Title = d.str(v, "title") }},
		{"question", false, func(v *yaml.Node) { f.Question = d.str(v, "question") }},
		{"at_most", false, func(v *yaml.Node) { f.AtMost = d.int(v, "at_most") }},
		{"spread", false, func(v *yaml.Node) { f.Spread = d.int(v, "spread") }},
		{"message", true, func(v *yaml.Node) { f.Message = d.str(v, "message") }},
		{"action", false, func(v *yaml.Node) {
			// An action id names one of the catalogue's; a mapping is the
			// flag's own.
			if v.Kind == yaml.ScalarNode {
				f.ActionRef = d.str(v, "a flag's action")
				return
			}
			f.Action = d.actionText(v, "a flag's action")
		}},
	})
	return f
}

func (d *decoder) action(n *yaml.Node) Action {
	a := Action{Pos: pos(n)}
	d.mapping(n, "an action", []field{
		{"id", true, func(v *yaml.Node) { a.ID = d.str(v, "id") }},
		{"always", false, func(v *yaml.Node) { a.Always = d.bool(v, "always") }},
		{"dimension", false, func(v *yaml.Node) { a.Dimension = d.str(v, "dimension") }},
		{"question", false, func(v *yaml.Node) { a.Question = d.str(v, "question") }},
		{"phase", true, func(v *yaml.Node) { a.Phase = d.str(v, "phase") }},
		{"from_level", false, func(v *yaml.Node) { a.FromLevel = d.int(v, "from_level") }},
		{"after", false, func(v *yaml.Node) {
			d.sequence(v, "after", func(_ int, n *yaml.Node) { a.After = append(a.After, d.str(n, "a prerequisite action id")) })
		}},
		{"title", true, func(v *yaml.Node) { a.Title = d.str(v, "title") }},
		{"owner", true, func(v *yaml.Node) { a.Owner = d.str(v, "owner") }},
		{"why", true, func(v *yaml.Node) { a.Why = d.str(v, "why") }},
	})
	return a
}

func (d *decoder) actionText(n *yaml.Node, what string) *ActionText {
	a := &ActionText{Pos: pos(n)}
	d.mapping(n, what, []field{
		{"id", true, func(v *yaml.Node) { a.ID = d.str(v, "id") }},
		{"title", true, func(v *yaml.Node) { a.Title = d.str(v, "title") }},
		{"owner", true, func(v *yaml.Node) { a.Owner = d.str(v, "owner") }},
		{"why", true, func(v *yaml.Node) { a.Why = d.str(v, "why") }},
	})
	return a
}

func (d *decoder) changes(n *yaml.Node) *Changes {
	c := &Changes{Pos: pos(n)}
	d.mapping(n, "changes", []field{
		{"from", true, func(v *yaml.Node) { c.From = d.str(v, "changes from") }},
		{"questions", true, func(v *yaml.Node) {
			d.sequence(v, "changed questions", func(_ int, n *yaml.Node) {
				qc := QuestionChange{Pos: pos(n)}
				d.mapping(n, "a changed question", []field{
					{"question", true, func(v *yaml.Node) { qc.Question = d.str(v, "question") }},
					{"note", true, func(v *yaml.Node) { qc.Note = d.str(v, "note") }},
					{"recheck", false, func(v *yaml.Node) { qc.Recheck = d.bool(v, "recheck") }},
					{"removed", false, func(v *yaml.Node) { qc.Removed = d.bool(v, "removed") }},
				})
				c.Questions = append(c.Questions, qc)
			})
		}},
	})
	return c
}

func (d *decoder) aiReading(n *yaml.Node) *AIReading {
	ai := &AIReading{Pos: pos(n)}
	d.mapping(n, "ai", []field{
		{"use", true, func(v *yaml.Node) { ai.Use = d.str(v, "ai use") }},
		{"foundations", true, func(v *yaml.Node) {
			d.sequence(v, "foundations", func(_ int, n *yaml.Node) {
				f := Foundation{Pos: pos(n)}
				d.mapping(n, "a foundation", []field{
					{"question", true, func(v *yaml.Node) { f.Question = d.str(v, "question") }},
					{"needs", true, func(v *yaml.Node) { f.Needs = d.int(v, "needs") }},
					{"blocker", true, func(v *yaml.Node) { f.Blocker = d.str(v, "blocker") }},
					{"strength", true, func(v *yaml.Node) { f.Strength = d.str(v, "strength") }},
				})
				ai.Foundations = append(ai.Foundations, f)
			})
		}},
	})
	return ai
}

// at builds a problem at a recorded position.
func at(file string, p diag.Pos, warning bool, format string, args ...any) diag.Problem {
	return diag.Problem{File: file, Line: p.Line, Col: p.Col, Msg: fmt.Sprintf(format, args...), Warning: warning}
}
