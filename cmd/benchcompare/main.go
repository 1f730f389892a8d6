// Command benchcompare builds the same generated corpus with dossier, with
// the floor (corpus.Floor: read, render the Markdown, write, nothing else)
// and with Hugo, each as a process of its own, alternating runs so that all
// see the same machine load, and prints for each corpus size the median
// wall time, CPU time and peak resident memory of each, the ratios to the
// floor and to Hugo, and dossier's time per note against the smallest size.
//
//	go run ./cmd/benchcompare -notes 2000,10000,40000 -runs 5
//
// The corpora and the outputs go under -dir, /dev/shm by default where
// there is one (tmpfs, so that a shared disk's noise does not swamp the
// figures), and are removed at the end. dossier is built from ./cmd/dossier;
// -old adds another dossier binary to the same loop (e.g. one built from
// the main branch), for before-and-after figures. "dossier" is a cold build:
// each run has an empty cache folder (DOSSIER_CACHE); "dossier warm"
// (-tools warm) keeps one folder between its runs, as CI's cache does, and
// its output, which the next build replaces; "dossier warm1" (-tools
// warm1) does too, and changes one note before each run (alternately two
// different bodies, so that every run has a real change to build), and the
// table gives its CPU time over a cold build's.
// -tools picks the tools, e.g. -tools floor,hugo at a size where a cold
// build would take too long.
//
// It installs Debian's hugo package when no hugo is on PATH and it runs as
// root, and measures every hugo found on PATH; without one it says so and
// goes on without. With -write DIR it only writes the corpus (DIR/dossier)
// and its Hugo twin (DIR/hugo) of the first size.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dossier-org/dossier/internal/corpus"
)

func main() {
	notes := flag.String("notes", "2000,10000,40000", "comma-separated corpus sizes in notes, 20 per dossier")
	runs := flag.Int("runs", 5, "builds per tool and size; the median is reported")
	dir := flag.String("dir", defaultDir(), "folder for the corpora and outputs, removed at the end")
	write := flag.String("write", "", "only write the corpus of the first size and its Hugo twin under this folder")
	old := flag.String("old", "", "another dossier binary to measure in the same loop, e.g. one built from main")
	warmup := flag.Bool("warmup", true, "run each tool once more first, uncounted (filling the page cache and the warm cache)")
	which := flag.String("tools", "dossier,floor,hugo", "the tools to measure, of dossier, warm (dossier with a cache and output kept between its runs), warm1 (warm, one note changed before each run), floor and hugo")
	floorSrc := flag.String("floor", "", "internal: run the floor on this source tree, writing to -floor-dest")
	floorDest := flag.String("floor-dest", "", "internal: the floor's output folder")
	flag.Parse()
	if *floorSrc != "" {
		if _, err := corpus.Floor(*floorSrc, *floorDest); err != nil {
			fmt.Fprintln(os.Stderr, "benchcompare: floor:", err)
			os.Exit(1)
		}
		return
	}
	sizes, err := parseSizes(*notes)
	c := config{sizes: sizes, runs: *runs, warmup: *warmup, dir: *dir, write: *write, old: *old, tools: map[string]bool{}}
	for _, t := range strings.Split(*which, ",") {
		switch t = strings.TrimSpace(t); t {
		case "dossier", "warm", "warm1", "floor", "hugo":
			c.tools[t] = true
		default:
			err = fmt.Errorf("-tools: no tool %q: want dossier, warm, warm1, floor or hugo", t)
		}
	}
	if err == nil {
		err = run(c)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchcompare:", err)
		os.Exit(1)
	}
}

type config struct {
	sizes           []int
	runs            int
	dir, write, old string
	tools           map[string]bool
	warmup          bool
}

func defaultDir() string {
	if info, err := os.Stat("/dev/shm"); err == nil && info.IsDir() {
		return "/dev/shm"
	}
	return os.TempDir()
}

func parseSizes(s string) ([]int, error) {
	var sizes []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-notes: %q is not a number of notes", f)
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}

// A tool is one of the programs measured; cmd makes the command that builds
// src (the corpus's dossier tree and its Hugo twin) into out.
type tool struct {
	name  string
	cmd   func(src, twin, out string) *exec.Cmd
	setup func(src string) // before each run, outside the timing
	// out is the tool's own output folder, kept between its runs, or ""
	// for one emptied before each run.
	out string
	m   []measure
}

type measure struct{ wall, cpu, mb float64 }

func run(c config) error {
	if c.write != "" {
		return writeCorpus(c.sizes[0], c.write)
	}
	work, err := os.MkdirTemp(c.dir, "benchcompare-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	bin := filepath.Join(work, "dossier-bin")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/dossier").CombinedOutput(); err != nil {
		return fmt.Errorf("building dossier: %v\n%s", err, out)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	dossier := func(name, bin, cache string, fresh bool) *tool {
		t := &tool{name: name}
		if !fresh {
			t.out = filepath.Join(work, "out-"+strings.ReplaceAll(name, " ", "-"))
		}
		t.cmd = func(src, _, out string) *exec.Cmd {
			cmd := exec.Command(bin, "build", "-s", src, "-d", out)
			cmd.Env = append(os.Environ(), "DOSSIER_CACHE="+cache)
			return cmd
		}
		t.setup = func(string) {
			if fresh {
				os.RemoveAll(cache)
			}
			os.MkdirAll(cache, 0o755)
		}
		return t
	}
	var tools []*tool
	if c.tools["dossier"] {
		tools = append(tools, dossier("dossier", bin, filepath.Join(work, "cache-cold"), true))
	}
	if c.old != "" {
		tools = append(tools, dossier("dossier old", c.old, filepath.Join(work, "cache-cold-old"), true))
	}
	if c.tools["warm"] {
		tools = append(tools, dossier("dossier warm", bin, filepath.Join(work, "cache-warm"), false))
	}
	if c.tools["warm1"] {
		// It changes a copy of the corpus of its own, which the other
		// tools do not see.
		t := dossier("dossier warm1", bin, filepath.Join(work, "cache-warm1"), false)
		warm, build := t.setup, t.cmd
		own := func(src string) string { return src + "-warm1" }
		t.cmd = func(src, twin, out string) *exec.Cmd { return build(own(src), twin, out) }
		edits := 0
		t.setup = func(src string) {
			warm(src)
			if _, err := os.Stat(own(src)); err != nil {
				if err := os.CopyFS(own(src), os.DirFS(src)); err != nil {
					fmt.Fprintln(os.Stderr, "benchcompare: warm1:", err)
					os.Exit(1)
				}
			}
			if err := editNote(own(src), edits); err != nil {
				fmt.Fprintln(os.Stderr, "benchcompare: warm1:", err)
				os.Exit(1)
			}
			edits++
		}
		tools = append(tools, t)
	}
	if c.tools["floor"] {
		tools = append(tools, &tool{name: "floor", cmd: func(src, _, out string) *exec.Cmd {
			return exec.Command(self, "-floor", src, "-floor-dest", out)
		}})
	}
	if c.tools["hugo"] {
		hugos, err := findHugo()
		if err != nil {
			fmt.Printf("without Hugo: %v\n", err)
		}
		for _, h := range hugos {
			version, _ := exec.Command(h, "version").Output()
			fmt.Printf("hugo: %s: %s\n", h, strings.TrimSpace(string(version)))
			tools = append(tools, &tool{name: "hugo " + h, cmd: func(_, twin, out string) *exec.Cmd {
				return exec.Command(h, "--quiet", "--source", twin, "--destination", out)
			}})
		}
	}

	type result struct {
		notes int
		tools []tool
	}
	var results []result
	for _, notes := range c.sizes {
		corpusDir := filepath.Join(work, "corpus-"+strconv.Itoa(notes))
		n, err := writeCorpusQuiet(notes, corpusDir)
		if err != nil {
			return err
		}
		src, twin := filepath.Join(corpusDir, "dossier"), filepath.Join(corpusDir, "hugo")
		for _, t := range tools {
			t.m = nil
		}
		// The first round warms the page cache and the warm cache; it is
		// not counted.
		first := 1
		if !c.warmup {
			first = 0
		}
		for i := range c.runs + first {
			for _, t := range tools {
				out := t.out
				if out == "" {
					out = filepath.Join(work, "out")
					os.RemoveAll(out)
				}
				if t.setup != nil {
					t.setup(src)
				}
				m, err := measureRun(t.cmd(src, twin, out))
				if err != nil {
					return fmt.Errorf("%d notes: %s: %v", n, t.name, err)
				}
				if i >= first {
					t.m = append(t.m, m)
				}
				fmt.Fprintf(os.Stderr, "%d notes, round %d/%d: %-14s %6.2f s wall %6.2f s CPU %5.0f MB\n", n, i, c.runs, t.name, m.wall, m.cpu, m.mb)
			}
		}
		os.RemoveAll(filepath.Join(work, "out"))
		for _, t := range tools {
			if t.out != "" {
				os.RemoveAll(t.out)
			}
		}
		os.RemoveAll(corpusDir)
		r := result{notes: n}
		for _, t := range tools {
			r.tools = append(r.tools, *t)
		}
		results = append(results, r)
		printSize(r.notes, c.runs, r.tools)
	}

	if len(results) > 1 {
		fmt.Printf("\nlinearity: time per note against %d notes (wall time; CPU time)\n\n| notes |", results[0].notes)
		for _, t := range results[0].tools {
			fmt.Printf(" %s |", t.name)
		}
		fmt.Printf("\n| ---: |%s\n", strings.Repeat(" ---: |", len(results[0].tools)))
		for _, r := range results {
			fmt.Printf("| %d |", r.notes)
			for i, t := range r.tools {
				base := results[0].tools[i]
				per := func(ms []measure, f func(measure) float64, n int) float64 { return med(ms, f) / float64(n) }
				fmt.Printf(" %.2f×; %.2f× |",
					per(t.m, wall, r.notes)/per(base.m, wall, results[0].notes),
					per(t.m, cpu, r.notes)/per(base.m, cpu, results[0].notes))
			}
			fmt.Println()
		}
	}
	return nil
}

func wall(m measure) float64 { return m.wall }
func cpu(m measure) float64  { return m.cpu }
func mb(m measure) float64   { return m.mb }

// printSize prints the table of one corpus size.
func printSize(notes, runs int, tools []tool) {
	floor := slices.IndexFunc(tools, func(t tool) bool { return t.name == "floor" })
	ratio := func(t tool, f func(measure) float64) string {
		if floor < 0 {
			return "–"
		}
		return fmt.Sprintf("%.2f×", med(t.m, f)/med(tools[floor].m, f))
	}
	fmt.Printf("\n%d notes, %d runs each, alternating; medians (ranges):\n\n", notes, runs)
	fmt.Println("| tool | time | CPU time | µs/note | peak RSS | time ÷ floor | CPU ÷ floor |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, t := range tools {
		fmt.Printf("| %s | %.2f s (%s) | %.2f s (%s) | %.0f | %.0f MB (%s) | %s | %s |\n",
			t.name, med(t.m, wall), span(t.m, wall, "%.2f"), med(t.m, cpu), span(t.m, cpu, "%.2f"),
			med(t.m, wall)/float64(notes)*1e6, med(t.m, mb), span(t.m, mb, "%.0f"),
			ratio(t, wall), ratio(t, cpu))
	}
	if cold := slices.IndexFunc(tools, func(t tool) bool { return t.name == "dossier" }); cold >= 0 {
		for _, t := range tools {
			if strings.HasPrefix(t.name, "dossier warm") {
				fmt.Printf("\n%s takes %.1f %% of the CPU time of a cold build (%.2f s of %.2f s)\n",
					t.name, 100*med(t.m, cpu)/med(tools[cold].m, cpu), med(t.m, cpu), med(tools[cold].m, cpu))
			}
		}
	}
	for _, h := range tools {
		if !strings.HasPrefix(h.name, "hugo ") || !strings.HasPrefix(tools[0].name, "dossier") {
			continue
		}
		fmt.Printf("\n%s takes %.2f× the time of %s and %.2f× its peak memory\n",
			tools[0].name, med(tools[0].m, wall)/med(h.m, wall), h.name, med(tools[0].m, mb)/med(h.m, mb))
	}
}

// measureRun runs cmd and returns its wall time, its CPU time (user and
// system, its children's included) and its peak resident memory.
func measureRun(cmd *exec.Cmd) (measure, error) {
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return measure{}, fmt.Errorf("%v\n%s", err, stderr.String())
	}
	m := measure{wall: time.Since(start).Seconds()}
	m.mb = peakMB(cmd.ProcessState)
	m.cpu = (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
	return m, nil
}

func writeCorpus(notes int, dir string) error {
	n, err := writeCorpusQuiet(notes, dir)
	if err == nil {
		fmt.Printf("wrote %d notes to %s and its Hugo twin to %s\n", n, filepath.Join(dir, "dossier"), filepath.Join(dir, "hugo"))
	}
	return err
}

func writeCorpusQuiet(notes int, dir string) (int, error) {
	c := corpus.Default(max(notes/20, 1), min(notes, 20))
	if err := c.Write(filepath.Join(dir, "dossier")); err != nil {
		return 0, err
	}
	return c.Dossiers * c.Notes, c.WriteHugo(filepath.Join(dir, "hugo"))
}

// findHugo returns every distinct hugo binary on PATH, installing Debian's
// package first when there is none and this process may.
func findHugo() ([]string, error) {
	if _, err := exec.LookPath("hugo"); err != nil {
		if os.Geteuid() != 0 {
			return nil, errors.New("hugo is not installed: install Debian's hugo package (apt-get install hugo) or put a hugo on PATH")
		}
		fmt.Println("installing Debian's hugo package")
		for _, args := range [][]string{{"update", "-qq"}, {"install", "-y", "-qq", "hugo"}} {
			cmd := exec.Command("apt-get", args...)
			cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
			if out, err := cmd.CombinedOutput(); err != nil {
				return nil, fmt.Errorf("hugo could not be installed: apt-get %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
	}
	var found []string
	seen := map[string]bool{}
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		p := filepath.Join(dir, "hugo")
		real, err := filepath.EvalSymlinks(p)
		if err != nil || seen[real] {
			continue
		}
		if info, err := os.Stat(real); err == nil && !info.IsDir() && info.Mode()&0o111 != 0 {
			seen[real] = true
			found = append(found, p)
		}
	}
	return found, nil
}

// med is the median of f over ms.
func med(ms []measure, f func(measure) float64) float64 {
	if len(ms) == 0 {
		return 0
	}
	s := make([]float64, len(ms))
	for i, m := range ms {
		s[i] = f(m)
	}
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// span is the range of f over ms, as "lo–hi".
func span(ms []measure, f func(measure) float64, format string) string {
	if len(ms) == 0 {
		return "–"
	}
	lo, hi := f(ms[0]), f(ms[0])
	for _, m := range ms[1:] {
		lo, hi = min(lo, f(m)), max(hi, f(m))
	}
	return fmt.Sprintf(format+"–"+format, lo, hi)
}

// editNote changes one note of the corpus in src, the first of the first
// dossier, to one of two bodies by the parity of n, so that each of a
// series of builds has a note to build again.
func editNote(src string, n int) error {
	dir := filepath.Join(src, "content")
	dossiers, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, d := range dossiers {
		if !d.IsDir() {
			continue
		}
		notes, err := os.ReadDir(filepath.Join(dir, d.Name()))
		if err != nil {
			return err
		}
		for _, e := range notes {
			if e.Name() == "_index.md" || !strings.HasSuffix(e.Name(), ".md") {
				continue
			}
			p := filepath.Join(dir, d.Name(), e.Name())
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			const mark = "\n\nEdited for the benchmark, "
			text, _, _ := strings.Cut(string(data), mark)
			text += mark + []string{"once.", "twice."}[n%2] + "\n"
			return os.WriteFile(p, []byte(text), 0o644)
		}
	}
	return errors.New("no note to edit")
}
