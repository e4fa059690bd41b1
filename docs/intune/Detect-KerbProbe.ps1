<#
  Detect-KerbProbe.ps1: an Intune Remediations detection script (detection only, no remediation script).
  Checks every instance in the KerbProbe config as the signed-in user and reports "issue detected" when any
  of them fails, with one short line per instance in the output the Intune admin center shows.

  Intune settings (Devices > Remediations > Create script package > Settings):
    Run this script using the logged-on credentials : Yes  (Kerberos tickets belong to the user's logon session;
                                                            as SYSTEM the check would test the computer account)
    Enforce script signature check                  : No   (or Yes with a script signed by a trusted publisher)
    Run script in 64-bit PowerShell                 : Yes  (a 32-bit host sees Program Files (x86) and a
                                                            redirected System32)
  Facts this script relies on (Microsoft Learn):
    exit 1 = issue detected, any other exit code = no issue; output at most 2048 characters; rerun every 24 h
      https://learn.microsoft.com/en-us/mem/intune/fundamentals/remediations
    the WOW64 file system redirector (why 64-bit)
      https://learn.microsoft.com/en-us/windows/win32/winprog64/file-system-redirector
  KerbProbe's exit codes (docs/unattended.md): 0 every instance passed, 1 at least one failed (diagnosed),
  2 KerbProbe could not check (bad config, internal error).
#>
$ErrorActionPreference = 'Stop'
# Where the MSI (KerbProbe-CLI-<version>-x64.msi) installs the command, and the config; change both to match yours.
$KerbProbe = Join-Path $env:ProgramFiles 'KerbProbe\kerbprobe.exe'
$Config = Join-Path $env:ProgramData 'KerbProbe\kerbprobe-instances.json'
$MaxOutput = 2048

function Out-Limited([string]$Text) {
  if ($Text.Length -gt $MaxOutput) { $Text = $Text.Substring(0, $MaxOutput - 3) + '...' }
  Write-Output $Text
}

if (-not (Test-Path -LiteralPath $KerbProbe)) { Out-Limited "KERBPROBE_MISSING $KerbProbe"; exit 1 }
try {
  # --json: stdout is only the JSON array of reports; nothing prompts and no terminal is needed.
  # stderr is dropped: KerbProbe's warnings (an unwritable history) are not this script's errors.
  $json = & $KerbProbe check --config $Config --json 2>$null
  $code = $LASTEXITCODE
} catch {
  Out-Limited "KERBPROBE_NOT_RUN $($_.Exception.Message)"
  exit 1
}
if ($code -eq 0) { Out-Limited 'PASS all instances'; exit 0 }
if ($code -ne 1) {
  # Exit 2: stdout is { "error": { "code": ..., "message": ... } } with KerbProbe's stable code.
  $why = 'no answer'
  try { $why = (($json -join "`n") | ConvertFrom-Json).error.code } catch { }
  Out-Limited "KERBPROBE_ERROR exit $code $why"; exit 1
}

$reports = ($json -join "`n") | ConvertFrom-Json
$lines = foreach ($r in $reports) {
  $where = "$($r.target.server):$($r.target.port)"
  if ($r.verdict -eq 'pass') { "PASS $where" } else { "FAIL $where $($r.diagnosis.code)" }
}
Out-Limited ($lines -join '; ')
exit 1
