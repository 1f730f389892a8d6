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
	"strings"
	"syscall"

	"github.com/dossier-org/dossier/internal/serve"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "", stderr)
	src := fs.String("s", ".", "the source tree: the folder holding seeds/ and content/")
	bind := fs.String("bind", "127.0.0.1", "the address to listen on (loopback by default: the preview is for you)")
	port := fs.Int("port", 1414, "the port to listen on; 0 picks a free one")
	open := fs.Bool("open", false, "open the site in the default browser")
	var hosts []string
	fs.Func("host", "also answer requests addressed to `NAME`, a name of this machine (repeatable); localhost, loopback addresses and the --bind address always work", func(name string) error {
		if name == "" || strings.ContainsAny(name, "/@?#% \t") || (strings.Contains(name, ":") && net.ParseIP(strings.Trim(name, "[]")) == nil) {
			return fmt.Errorf("%q is not a host name or address (give it without scheme or port)", name)
		}
		hosts = append(hosts, name)
		return nil
	})
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
	ln, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(*port)))
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			fmt.Fprintf(stderr, "dossier serve: port %d on %s is in use: choose another with --port, or --port 0 for a free one\n", *port, *bind)
		} else {
			fmt.Fprintf(stderr, "dossier serve: %v\n", err)
		}
		return 1
	}
	srv := serve.New(srcFS, stdout)
	// Requests must be addressed to this server, by a name it knows: a page
	// of another site whose name it has pointed at this machine (DNS
	// rebinding) is refused.
	srv.AllowHost(*bind)
	for _, h := range hosts {
		srv.AllowHost(h)
	}
	addr := ln.Addr().(*net.TCPAddr)
	if w := exposure(addr); w != "" {
		fmt.Fprintln(stderr, "dossier serve: warning: "+w)
	}
	res := srv.Rebuild(nil)
	printDiags(stderr, res.Diags)
	if res.Diags.HasErrors() {
		fmt.Fprintln(stderr, "dossier serve: the site has errors; pages will show them until they are fixed")
	}

	url := browseURL(addr)
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

// exposure returns the warning to print when the server listens beyond
// loopback, or "" when it does not.
func exposure(addr *net.TCPAddr) string {
	switch {
	case addr.IP.IsLoopback():
		return ""
	case addr.IP.IsUnspecified():
		return fmt.Sprintf("serving drafts to the network at every address of this machine, port %d: anyone who can reach it can read them", addr.Port)
	}
	return fmt.Sprintf("serving drafts to the network at http://%s/: anyone who can reach it can read them", addr)
}

// browseURL returns the address to open in a browser: on every interface,
// the machine's own.
func browseURL(addr *net.TCPAddr) string {
	if addr.IP.IsUnspecified() {
		return "http://" + net.JoinHostPort("localhost", strconv.Itoa(addr.Port)) + "/"
	}
	return "http://" + addr.String() + "/"
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
