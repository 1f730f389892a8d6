package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strconv"
	"syscall"

	"dossier/internal/serve"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "", stderr)
	src := fs.String("s", ".", "the source tree: the folder holding seeds/ and content/")
	bind := fs.String("bind", "127.0.0.1", "the address to listen on (loopback by default: the preview is for you)")
	port := fs.Int("port", 1414, "the port to listen on; 0 picks a free one")
	open := fs.Bool("open", false, "open the site in the default browser")
	if code, done := parse(fs, args); done {
		return code
	}
	srcFS, err := openSource(*src)
	if err != nil {
		fmt.Fprintf(stderr, "dossier serve: %v\n", err)
		return 1
	}
	defer srcFS.Close()

	// The port is taken first: a port in use should not cost the wait for
	// a large site's first build.
	addr := net.JoinHostPort(*bind, strconv.Itoa(*port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			fmt.Fprintf(stderr, "dossier serve: port %d on %s is in use: choose another with --port, or --port 0 for a free one\n", *port, *bind)
		} else {
			fmt.Fprintf(stderr, "dossier serve: %v\n", err)
		}
		return 1
	}
	srv := serve.New(srcFS, stdout)
	res := srv.Rebuild(nil)
	printDiags(stderr, res.Diags)
	if res.Diags.HasErrors() {
		fmt.Fprintln(stderr, "dossier serve: the site has errors; pages will show them until they are fixed")
	}

	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(stdout, "serving %s at %s (built in %s); press Ctrl-C to stop\n", *src, url, res.Duration.Round(1e6))
	if *open {
		openBrowser(url)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := srv.Run(ctx, ln, *src); err != nil {
		fmt.Fprintf(stderr, "dossier serve: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, "stopped")
	return 0
}

// openBrowser is best effort: without a desktop the URL printed above is
// enough.
func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if cmd.Start() == nil {
		go cmd.Wait()
	}
}
