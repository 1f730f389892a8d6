package serve

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkServeProcess runs `dossier serve` as a user does, in a process of
// its own, so that its memory is the server's alone: BenchmarkSaveToReload
// shares its process with the corpus generator and the test harness. It
// reports, per save, the time from the write to the reload event reaching
// the client, and then, outside the timer, the time to fetch the reloaded
// page (fetch-ms); and the server's resident memory after the saves
// (RSS-MB) and at its peak, the first build included (peak-MB).
func BenchmarkServeProcess(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "dossier")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/dossier-org/dossier/cmd/dossier").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	for _, name := range []string{"shipped", "10000", "40000"} {
		b.Run(name, func(b *testing.B) {
			dir, note := benchSite(b, name)
			page := "/" + strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(note), "content/"), ".md") + ".html"
			cmd := exec.Command(bin, "serve", "-s", dir, "--port", "0")
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				b.Fatal(err)
			}
			cmd.Stderr = os.Stderr
			if err := cmd.Start(); err != nil {
				b.Fatal(err)
			}
			defer func() {
				cmd.Process.Signal(os.Interrupt)
				cmd.Wait()
			}()
			url := waitForURL(b, stdout)
			h := &harness{t: b, url: url, events: make(chan sseEvent, 64)}
			h.subscribe()
			<-h.events // the initial state
			get := func() {
				resp, err := http.Get(url + page)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("%s: %d", page, resp.StatusCode)
				}
			}
			get()
			var fetch time.Duration
			b.ResetTimer()
			for i := range b.N {
				edit(b, dir, note, i)
				h.awaitReload()
				b.StopTimer()
				start := time.Now()
				get()
				fetch += time.Since(start)
				b.StartTimer()
			}
			b.StopTimer()
			b.ReportMetric(float64(fetch.Microseconds())/1000/float64(b.N), "fetch-ms")
			status, err := os.ReadFile("/proc/" + strconv.Itoa(cmd.Process.Pid) + "/status")
			if err == nil {
				b.ReportMetric(statusMB(string(status), "VmRSS:"), "RSS-MB")
				b.ReportMetric(statusMB(string(status), "VmHWM:"), "peak-MB")
			}
		})
	}
}

// BenchmarkExportRequests runs `dossier serve` in a process of its own and,
// per iteration, saves a note, waits for the reload, and then times 200
// parallel requests for dossier.json, as many open tabs or a script would
// make: the export is made at most once per rebuild, however many ask. It
// reports the server's resident memory after the requests (RSS-MB) and at
// its peak (peak-MB), and the export's size (export-MB); then, once every
// site-wide file is made, their size (sitewide-MB) and the server's
// resident memory (RSS-all-MB).
func BenchmarkExportRequests(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "dossier")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/dossier-org/dossier/cmd/dossier").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	for _, name := range []string{"shipped", "10000"} {
		b.Run(name, func(b *testing.B) {
			dir, note := benchSite(b, name)
			cmd := exec.Command(bin, "serve", "-s", dir, "--port", "0")
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				b.Fatal(err)
			}
			cmd.Stderr = os.Stderr
			if err := cmd.Start(); err != nil {
				b.Fatal(err)
			}
			defer func() {
				cmd.Process.Signal(os.Interrupt)
				cmd.Wait()
			}()
			url := waitForURL(b, stdout)
			h := &harness{t: b, url: url, events: make(chan sseEvent, 64)}
			h.subscribe()
			<-h.events // the initial state
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 200}}
			var size atomic.Int64
			b.ResetTimer()
			for i := range b.N {
				b.StopTimer()
				edit(b, dir, note, i)
				h.awaitReload()
				b.StartTimer()
				var wg sync.WaitGroup
				for range 200 {
					wg.Go(func() {
						resp, err := client.Get(url + "/dossier.json")
						if err != nil {
							b.Error(err)
							return
						}
						n, _ := io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if resp.StatusCode != 200 {
							b.Errorf("dossier.json: %d", resp.StatusCode)
						}
						size.Store(n)
					})
				}
				wg.Wait()
			}
			b.StopTimer()
			b.ReportMetric(float64(size.Load())/(1<<20), "export-MB")
			status, err := os.ReadFile("/proc/" + strconv.Itoa(cmd.Process.Pid) + "/status")
			if err == nil {
				b.ReportMetric(statusMB(string(status), "VmRSS:"), "RSS-MB")
				b.ReportMetric(statusMB(string(status), "VmHWM:"), "peak-MB")
			}
			// What the server holds once every site-wide file is made.
			var all int64
			for _, p := range []string{"/dossier.json", "/assets/search-index.js", "/sitemap.xml", "/feed.xml"} {
				resp, err := client.Get(url + p)
				if err != nil {
					b.Fatal(err)
				}
				n, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				all += n
			}
			b.ReportMetric(float64(all)/(1<<20), "sitewide-MB")
			if status, err := os.ReadFile("/proc/" + strconv.Itoa(cmd.Process.Pid) + "/status"); err == nil {
				b.ReportMetric(statusMB(string(status), "VmRSS:"), "RSS-all-MB")
			}
		})
	}
}

var servingRE = regexp.MustCompile(`at (http://\S+?)/? `)

// waitForURL reads the server's output up to the line with its address; the
// rest is drained so that the server never blocks on a full pipe.
func waitForURL(b *testing.B, stdout io.Reader) string {
	r := bufio.NewReader(stdout)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			b.Fatalf("the server ended before serving: %v", err)
		}
		if m := servingRE.FindStringSubmatch(line); m != nil {
			go io.Copy(io.Discard, r)
			return m[1]
		}
	}
}

// statusMB reads a kB figure of /proc/PID/status in MB.
func statusMB(status, key string) float64 {
	for _, line := range strings.Split(status, "\n") {
		if rest, ok := strings.CutPrefix(line, key); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}
