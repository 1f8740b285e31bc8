package report

import (
	"fmt"
	"math"
	"strings"
)

// A workshop's charts tell the roles apart by three things at once — a
// colour, a dash pattern and a marker shape — and name them in a legend,
// so that they read in black and white and to people who do not see the
// colours.

// seriesStyle is how one role's line and marker look.
type seriesStyle struct {
	Color string
	Dash  string
	Shape string
}

// seriesStyles are the roles' styles in order; a ninth role starts again.
// The colours are from the Okabe–Ito palette, which stays distinct with
// the common kinds of colour blindness; yellow is left out, being too
// light on white.
var seriesStyles = []seriesStyle{
	{"#d55e00", "", "circle"},
	{"#0072b2", "9 4", "square"},
	{"#009e73", "3 3", "triangle"},
	{"#cc79a7", "10 3 2 3", "diamond"},
	{"#e69f00", "2 5", "down"},
	{"#56b4e9", "14 4 4 4", "hexagon"},
	{"#7a4a1e", "6 2", "star"},
	{"#5f6b7a", "2 2 8 2", "plus"},
}

func styleOf(series int) seriesStyle {
	if series < 0 {
		return seriesStyle{Color: "#1b2430", Shape: "circle"}
	}
	return seriesStyles[series%len(seriesStyles)]
}

// radarSeries is one polygon of a workshop's radar.
type radarSeries struct {
	Name   string
	Group  bool
	Points string
	Color  string
	Dash   string
	// Markers are the marker shape at each vertex, as path data.
	Markers []string
}

// marker is a small key of a series: a line in its dash pattern and its
// marker in the middle, for legends and tables.
type marker struct {
	Color string
	Dash  string
	Path  string
	Group bool
}

func newMarker(series int) marker {
	st := styleOf(series)
	return marker{Color: st.Color, Dash: st.Dash, Path: markerPath(st.Shape, 17, 7, 4.5), Group: series < 0}
}

// markerPath draws a shape of about 2r across centred on (x, y), as one
// closed path so that every shape takes the same fill and stroke.
func markerPath(shape string, x, y, r float64) string {
	poly := func(pts ...[2]float64) string {
		var b strings.Builder
		for i, p := range pts {
			if i == 0 {
				b.WriteString("M")
			} else {
				b.WriteString(" L")
			}
			b.WriteString(f2(x+p[0]) + "," + f2(y+p[1]))
		}
		b.WriteString(" Z")
		return b.String()
	}
	regular := func(n int, r, start float64) [][2]float64 {
		var pts [][2]float64
		for i := range n {
			a := start + 2*math.Pi*float64(i)/float64(n)
			pts = append(pts, [2]float64{r * math.Cos(a), r * math.Sin(a)})
		}
		return pts
	}
	switch shape {
	case "square":
		s := r * 0.85
		return poly([2]float64{-s, -s}, [2]float64{s, -s}, [2]float64{s, s}, [2]float64{-s, s})
	case "triangle":
		return poly(regular(3, r*1.2, -math.Pi/2)...)
	case "down":
		return poly(regular(3, r*1.2, math.Pi/2)...)
	case "diamond":
		return poly(regular(4, r*1.2, -math.Pi/2)...)
	case "hexagon":
		return poly(regular(6, r, 0)...)
	case "star":
		var pts [][2]float64
		for i := range 10 {
			rr := r * 1.25
			if i%2 == 1 {
				rr = r * 0.55
			}
			a := -math.Pi/2 + math.Pi*float64(i)/5
			pts = append(pts, [2]float64{rr * math.Cos(a), rr * math.Sin(a)})
		}
		return poly(pts...)
	case "plus":
		a, b := r*0.38, r*1.1
		return poly([2]float64{-a, -b}, [2]float64{a, -b}, [2]float64{a, -a}, [2]float64{b, -a}, [2]float64{b, a}, [2]float64{a, a},
			[2]float64{a, b}, [2]float64{-a, b}, [2]float64{-a, a}, [2]float64{-b, a}, [2]float64{-b, -a}, [2]float64{-a, -a})
	}
	// A circle, as two arcs.
	return fmt.Sprintf("M%s,%s a%s,%s 0 1,0 %s,0 a%s,%s 0 1,0 %s,0 Z",
		f2(x-r), f2(y), f2(r), f2(r), f2(2*r), f2(r), f2(r), f2(-2*r))
}

// newWorkshopRadar draws the group's scores and each role's mean scores on
// one radar.
func newWorkshopRadar(wv *workshopView, roleScores [][]float64) *radar {
	rd := newRadarFrame(wv.Dimensions, func(d dimView) string {
		return fmt.Sprintf("Level %d · %s", d.Level, d.ScoreText)
	})
	if rd == nil {
		return nil
	}
	// The group is drawn first, thick, so that the roles' thinner lines and
	// markers stay visible on top of it.
	group := make([]float64, len(wv.Dimensions))
	for i, d := range wv.Dimensions {
		group[i] = d.Score
	}
	g := radarSeries{Name: "Group", Group: true, Color: "#1b2430"}
	g.Points, rd.CurrentDots = rd.polygon(group)
	rd.Series = append(rd.Series, g)
	for i, scores := range roleScores {
		st := styleOf(i)
		s := radarSeries{Name: wv.Roles[i].Name, Color: st.Color, Dash: st.Dash}
		s.Points, _ = rd.polygon(scores)
		for j, v := range scores {
			x, y := rd.at(j, radius(v))
			s.Markers = append(s.Markers, markerPath(st.Shape, x, y, 4.5))
		}
		rd.Series = append(rd.Series, s)
	}
	return rd
}

// whiskerBar is a dimension's bar in a workshop: the group's score filled,
// and across it a whisker from the lowest to the highest of the
// respondents' own scores.
type whiskerBar struct {
	meter
	Lo, Hi string
	// Same is true when every respondent has the same score: the whisker
	// is one tick.
	Same bool
}

func newWhiskerBar(d dimView) whiskerBar {
	b := whiskerBar{meter: newMeter(d.Score)}
	x := func(score float64) float64 { return meterW * max(0, min(1, (score-1)/4)) }
	lo, hi := x(d.Spread.Min), x(d.Spread.Max)
	// Keep the caps inside the track's edges.
	lo, hi = max(1.5, min(meterW-1.5, lo)), max(1.5, min(meterW-1.5, hi))
	b.Lo, b.Hi, b.Same = f2(lo), f2(hi), d.Spread.Min == d.Spread.Max
	return b
}
