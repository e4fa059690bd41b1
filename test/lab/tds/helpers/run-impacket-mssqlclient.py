# Runs impacket's own mssqlclient.py (Debian's python3-impacket) against the lab, unchanged but for two things
# the lab needs and the client cannot be told from its command line:
#  - the lab's server name resolves to 127.0.0.1 (the lab never edits /etc/hosts; the engine reads the same mapping
#    from KERBPROBE_HOSTS): only socket.getaddrinfo for that one name is redirected;
#  - impacket <= 0.10.0 cannot read a reply over TLS under Python 3 (`dd = ''` then `dd += bytes`, a TypeError),
#    which every server that requires encryption (as Azure SQL Managed Instance does) triggers. Upstream fixed it
#    with the one-line change `dd = b''` (fortra/impacket pull request 1515, in 0.11.0); the same line is changed
#    here, only when the installed version still has the bug.
# Usage: run-impacket-mssqlclient.py <script> <lab server name> <mssqlclient.py arguments...>
import inspect
import runpy
import socket
import sys
import textwrap

from impacket import tds

script, lab_host, *client_args = sys.argv[1:]

resolve = socket.getaddrinfo


def lab_getaddrinfo(host, *args, **kwargs):
    return resolve('127.0.0.1' if host == lab_host else host, *args, **kwargs)


socket.getaddrinfo = lab_getaddrinfo

source = textwrap.dedent(inspect.getsource(tds.MSSQL.socketRecv))
if "dd = ''" in source:
    namespace = {}
    exec(source.replace("dd = ''", "dd = b''"), vars(tds), namespace)
    tds.MSSQL.socketRecv = namespace['socketRecv']
    print('[runner] impacket TLS receive fix (upstream pull request 1515) applied', flush=True)

sys.argv = [script, *client_args]
runpy.run_path(script, run_name='__main__')
