package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/convergence-model/convergence/internal/result"
)

// The radar chart is hand-written SVG: its coordinates are computed here and
// rounded to two decimals, so the same result gives the same bytes, and
// html/template escapes every label placed into it.

// radar is the chart of the dimension levels: the current level as a
// filled polygon and the 90-day target as a dashed one.
type radar struct {
	Width, Height string
	CX, CY        string
	Rings         []string
	RingLabels    []svgText
	Axes          []svgLine
	Current       string
	Target        string
	CurrentDots   []svgPoint
	TargetDots    []svgPoint
	Labels        []radarLabel
	// SameShape is true when the plan changes no dimension's level, so the
	// target polygon lies on the current one.
	SameShape bool

	n      int
	cx, cy float64
}

type svgPoint struct{ X, Y string }

type svgLine struct{ X1, Y1, X2, Y2 string }

type svgText struct {
	X, Y, Text string
	// Anchor is the text-anchor where it is not the default (start).
	Anchor string
}

// radarLabel is a dimension's name around the chart, in one or two lines,
// with its level (and target) on a line below.
type radarLabel struct {
	X, Anchor string
	Lines     []svgText
	Level     svgText
	// Title is the full name, shown on hover where the label is cut.
	Title string
}

// Radar layout, in SVG user units.
//
// The chart is drawn at about its size on a phone and scaled up on a wider
// screen, so its text (15 units) is never smaller than 11 pixels.
const (
	radarW      = 420.0
	radarH      = 380.0
	radarR      = 96.0
	radarGap    = 14.0 // between the outer ring and a label
	radarLineH  = 17.5
	radarLabelW = 13 // characters a label line may take
)

// newRadar lays out the chart for three or more dimensions; with fewer a
// polygon means nothing, and the report shows bars alone.
func newRadar(dims []dimView) *radar {
	rd := newRadarFrame(dims, func(d dimView) string {
		if d.Insufficient {
			// As its bar says: too few answers known for a level.
			return "not enough known"
		}
		level := fmt.Sprintf("Level %d", d.Level)
		if d.Target > d.Level {
			level += fmt.Sprintf(" → %d", d.Target)
		}
		return level
	})
	if rd == nil {
		return nil
	}
	levels := make([]float64, len(dims))
	targets := make([]float64, len(dims))
	for i, d := range dims {
		levels[i], targets[i] = float64(d.Level), float64(d.Target)
		if d.Target != d.Level {
			rd.SameShape = false
		}
	}
	rd.Current, rd.CurrentDots = rd.polygon(levels)
	rd.Target, rd.TargetDots = rd.polygon(targets)
	return rd
}

// newRadarFrame lays out what every radar has: the rings with their level
// numbers, the axes and the dimensions' labels, each label with a line
// that levelText writes. It is nil for fewer than three dimensions.
func newRadarFrame(dims []dimView, levelText func(dimView) string) *radar {
	n := len(dims)
	if n < 3 {
		return nil
	}
	cx, cy := radarW/2, radarH/2
	rd := &radar{Width: f2(radarW), Height: f2(radarH), CX: f2(cx), CY: f2(cy), SameShape: true, n: n, cx: cx, cy: cy}
	for l := result.MinLevel; l <= result.MaxLevel; l++ {
		ring, _ := rd.polygon(slices.Repeat([]float64{float64(l)}, n))
		rd.Rings = append(rd.Rings, ring)
		// The level numbers sit on the rings between the first two axes,
		// just outside each ring, where no dot of the chart falls.
		x0, y0 := rd.at(0, radius(float64(l)))
		x1, y1 := rd.at(1, radius(float64(l)))
		mid := (rd.angle(0) + rd.angle(1)) / 2
		x, y := (x0+x1)/2+7*math.Cos(mid), (y0+y1)/2+7*math.Sin(mid)
		rd.RingLabels = append(rd.RingLabels, svgText{X: f2(x), Y: f2(y + 3.5), Text: strconv.Itoa(l)})
	}
	for i := range n {
		x, y := rd.at(i, radarR)
		rd.Axes = append(rd.Axes, svgLine{f2(cx), f2(cy), f2(x), f2(y)})
	}
	for i, d := range dims {
		rd.Labels = append(rd.Labels, radarLabelAt(d, levelText(d), rd.angle(i), cx, cy))
	}
	return rd
}

func (rd *radar) angle(i int) float64 {
	return -math.Pi/2 + 2*math.Pi*float64(i)/float64(rd.n)
}

func (rd *radar) at(i int, r float64) (float64, float64) {
	a := rd.angle(i)
	return rd.cx + r*math.Cos(a), rd.cy + r*math.Sin(a)
}

// radius is where a value of 0..5 (a level or a score) sits on an axis.
func radius(v float64) float64 {
	return radarR * clampScore(v) / result.MaxLevel
}

// polygon is the points of a value per axis, and the same as dots.
func (rd *radar) polygon(values []float64) (string, []svgPoint) {
	var pts []string
	var dots []svgPoint
	for i, v := range values {
		x, y := rd.at(i, radius(v))
		pts = append(pts, f2(x)+","+f2(y))
		dots = append(dots, svgPoint{f2(x), f2(y)})
	}
	return strings.Join(pts, " "), dots
}

// radarLabelAt places a dimension's label outside the outer ring: to the
// right of the chart it starts at the point, to the left it ends there, at
// the top and bottom it is centred; top labels grow upward.
func radarLabelAt(d dimView, level string, a, cx, cy float64) radarLabel {
	cos, sin := math.Cos(a), math.Sin(a)
	x := cx + (radarR+radarGap)*cos
	y := cy + (radarR+radarGap)*sin
	anchor := "middle"
	switch {
	case cos > 0.2:
		anchor = "start"
	case cos < -0.2:
		anchor = "end"
	}
	lines := Wrap(d.Name, radarLabelW)
	if len(lines) > 2 {
		lines = []string{lines[0], truncate(lines[1]+" …", radarLabelW, "…")}
	}
	total := float64(len(lines)+1) * radarLineH
	// top is the baseline of the first line.
	var top float64
	switch {
	case sin < -0.5:
		top = y - total + radarLineH - 2
	case sin > 0.5:
		top = y + radarLineH - 2
	default:
		top = y - total/2 + radarLineH - 3
	}
	l := radarLabel{X: f2(x), Anchor: anchor, Title: d.Name}
	for i, line := range lines {
		l.Lines = append(l.Lines, svgText{X: f2(x), Y: f2(top + float64(i)*radarLineH), Text: line})
	}
	l.Level = svgText{X: f2(x), Y: f2(top + float64(len(lines))*radarLineH), Text: level}
	return l
}

// meterBar is a dimension's bar: the average answer on a scale of 0 to 5,
// so that a score of 1 is a fifth of the bar and never looks like missing
// data; the dimension's level as a mark across it; a dashed mark where a
// rule on the dimension holds the overall level; and, in a workshop, the
// respondents' range below it.
type meterBar struct {
	ViewBox string
	Fill    string
	// Level is where the level mark sits; empty when the level is not a
	// verdict.
	Level   string
	Unknown bool
	Caps    []string
	Aria    string
	Whisker bool
	Lo, Hi  string
	// Same is set when every respondent has the same score: the whisker
	// is one mark.
	Same bool
}

// Meter layout, in SVG user units: a score s sits at x = s × meterUnit, so
// the bar runs from 0 to 5 × meterUnit; the view box leaves room for the
// marks at its ends.
const (
	meterUnit = 100.0
	meterPad  = 4.0
)

func meterX(score float64) float64 { return meterUnit * clampScore(score) }

func newMeterBar(d dimView) meterBar {
	b := meterBar{ViewBox: "-4 0 508 30", Fill: f2(meterX(d.Score)), Unknown: d.Insufficient}
	b.Aria = fmt.Sprintf("%s: average answer %s of 5", d.Name, d.ScoreText)
	if d.Insufficient {
		b.Aria += "; not enough known for a level"
	} else {
		b.Level = f2(meterX(float64(d.Level)))
		b.Aria += fmt.Sprintf("; Level %d", d.Level)
	}
	for _, c := range d.Caps {
		b.Caps = append(b.Caps, f2(meterX(float64(c.Limit))))
		b.Aria += "; " + c.Text
	}
	if s := d.Spread; s != nil {
		b.ViewBox = "-4 0 508 44"
		b.Whisker = true
		b.Lo, b.Hi = f2(meterX(s.Min)), f2(meterX(s.Max))
		b.Same = s.Min == s.Max
		b.Aria += fmt.Sprintf("; respondents from %.2f to %.2f", s.Min, s.Max)
	}
	return b
}

// scaleMark is a number under the bars, placed as a share of the bar's
// width.
type scaleMark struct {
	Left string
	Text string
}

// meterScale places 1 to 5 under the bars of a single result, where each
// score ends.
func meterScale() []scaleMark {
	var out []scaleMark
	for l := result.MinLevel; l <= result.MaxLevel; l++ {
		out = append(out, scaleMark{Left: f2((meterPad+meterX(float64(l)))/(5*meterUnit+2*meterPad)*100) + "%", Text: strconv.Itoa(l)})
	}
	return out
}

// f2 formats a coordinate with at most two decimals and never as "-0".
func f2(x float64) string {
	x = math.Round(x*100) / 100
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		x = 0
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}
