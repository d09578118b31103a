"""Class data sharing (AppCDS) for the LanguageTool 6.8 server: does an archive of its classes
shorten the time from JVM start to the first check result?

Usage: python bench/lt_appcds.py train        (a server run that writes the archive at exit)
       python bench/lt_appcds.py measure N    (N alternating cold starts with and without it)

The manifest of languagetool-server-6.8.jar puts its own folder (``./``) on the class path, and
JDK 17 refuses to archive with a non-empty folder there (``[cds] Error: non-empty directory``).
So this script starts the server with an explicit ``-cp`` of every jar of the installation, the
server jar replaced by a copy (in bench/.work/appcds/, git-ignored) whose manifest has no
``Class-Path``; ``-XX:ArchiveClassesAtExit`` in a separate training run (the server checks a few
texts and is stopped with SIGTERM), then ``-XX:SharedArchiveFile`` for the timed starts. The
server listens on 127.0.0.1 only. Results are recorded by hand in bench/results/lt.md.
"""

import glob
import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path
LIB = os.path.expanduser('~/.cache/typolint/languagetool-6.8/lib')
D = str(Path(__file__).resolve().parent / '.work' / 'appcds')
os.makedirs(D, exist_ok=True)
SERVER = 'languagetool-server-6.8.jar'
stripped = f'{D}/{SERVER}'
if not os.path.exists(stripped):
    with zipfile.ZipFile(f'{LIB}/{SERVER}') as src, zipfile.ZipFile(stripped, 'w', zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == 'META-INF/MANIFEST.MF':
                lines, skip = [], False
                for line in data.decode().split('\r\n' if b'\r\n' in data else '\n'):
                    if line.startswith('Class-Path:'): skip = True; continue
                    if skip and line.startswith(' '): continue
                    skip = False; lines.append(line)
                data = '\r\n'.join(lines).encode()
            dst.writestr(item, data)
jars = [stripped] + sorted(j for j in glob.glob(f'{LIB}/*.jar') if not j.endswith(SERVER))
CP = ':'.join(jars)
PROPS = f'{D}/server.properties'
open(PROPS, 'w').write('maxTextLength=50000\ncacheSize=2000\npipelineCaching=true\nmaxPipelinePoolSize=16\npipelineExpireTimeInSeconds=86400\n')
PORT = 18231

def start(extra):
    cmd = ['java', *extra, '-Xmx1g', '-Djava.net.preferIPv4Stack=true', '-cp', CP, 'org.languagetool.server.HTTPServer', '--config', PROPS, '--port', str(PORT)]
    return subprocess.Popen(cmd, stdout=open(f'{D}/out.log', 'a'), stderr=subprocess.STDOUT)

def first_result(text='This is a short probe that starts the server.'):
    data = urllib.parse.urlencode({'language': 'en-US', 'text': text}).encode()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while True:
        try:
            with opener.open(f'http://127.0.0.1:{PORT}/v2/check', data=data, timeout=120) as r:
                return json.load(r)
        except OSError:
            time.sleep(0.05)

def stop(p):
    p.send_signal(signal.SIGTERM); p.wait(120)

mode = sys.argv[1]
if mode == 'train':
    t = time.perf_counter(); p = start([f'-XX:ArchiveClassesAtExit={D}/lt.jsa'])
    first_result(); print('training first result', round(time.perf_counter() - t, 1))
    sample = open(sorted(glob.glob('seeds/*.txt'))[0]).read()[:8000]
    for _ in range(3): first_result(sample)
    stop(p); print('archive', os.path.getsize(f'{D}/lt.jsa') if os.path.exists(f'{D}/lt.jsa') else 'missing')
else:
    for k in range(int(sys.argv[2])):
        for label, extra in (('default CDS', []), ('AppCDS', [f'-XX:SharedArchiveFile={D}/lt.jsa', '-Xshare:auto'])):
            t = time.perf_counter(); p = start(extra); first_result(); s = time.perf_counter() - t
            stop(p); print(label, round(s, 2), 's', flush=True)
