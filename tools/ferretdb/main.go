// Command bezbedno-ferretdb runs FerretDB (SQLite backend) embedded in a tiny
// launcher of ours. Building FerretDB's own command with `go install` gives a
// binary that panics at start-up (its version file is generated, not part of
// the module); the embeddable package has no such check.
//
// It prints the MongoDB URI on stdout as one line, then serves until SIGTERM
// or SIGINT. Telemetry is never created in embedded mode.
//
// Before serving it adds the _id lookup index (idindex.go) to every
// collection already on disk. While serving it reads commands from stdin, one
// per line, and answers each with one line on stdout:
//
//	index <database>   ->  indexed <database> <indexes created>  |  error <database> <message>
//
// so the server can index the collections it has just created. End of input
// only ends the commands, never the server.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on (loopback only by default)")
	dir := flag.String("dir", ".data/ferretdb", "folder that holds the SQLite databases")
	flag.Parse()

	abs, err := filepath.Abs(*dir)
	if err != nil {
		fail(err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		fail(err)
	}

	// Nothing else has the files open yet.
	if n, err := ensureAllIDIndexes(context.Background(), abs); err != nil {
		fail(err)
	} else if n > 0 {
		fmt.Fprintf(os.Stderr, "bezbedno-ferretdb: added the _id lookup index to %d collections\n", n)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
	})
	if err != nil {
		fail(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	done := make(chan struct{})
	go func() {
		defer close(done)
		f.Run(ctx)
	}()

	// MongoDBURI waits until the listener is bound, so the printed port is real.
	fmt.Println(f.MongoDBURI())
	go serveCommands(ctx, abs)
	<-done
}

// serveCommands answers the stdin commands described at the top of this file.
func serveCommands(ctx context.Context, dir string) {
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		fields := strings.Fields(in.Text())
		if len(fields) != 2 || fields[0] != "index" {
			fmt.Println("error - unknown command")
			continue
		}
		name := fields[1]
		file, err := databaseFile(dir, name)
		if err == nil {
			var n int
			if n, err = ensureIDIndexes(ctx, file); err == nil {
				fmt.Printf("indexed %s %d\n", name, n)
				continue
			}
		}
		fmt.Printf("error %s %s\n", name, strings.ReplaceAll(err.Error(), "\n", " "))
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bezbedno-ferretdb:", err)
	os.Exit(1)
}
