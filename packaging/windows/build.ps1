# Build the Windows bundle, smoke-test it and make the installer, on a Windows 10/11 x64 PC with
# Python 3.11 or 3.12 (x64, from python.org) and Inno Setup 6.3+. See docs/install-desktop.md.
# Untested here (nothing in this project's CI runs Windows); the same steps as tools/build_desktop.sh.
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
$Root = (Get-Location).Path
$Py = Join-Path $Root ".venv\Scripts\python.exe"

function Invoke-Checked([string]$What, [scriptblock]$Block) {
    & $Block
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)" }
}

if (-not (Test-Path $Py)) {
    Invoke-Checked "creating .venv" { py -3.11 -m venv .venv }
}
Invoke-Checked "installing the application" { & $Py -m pip install --quiet -e ".[gui]" }
Invoke-Checked "installing PyInstaller" { & $Py -m pip install --quiet "pyinstaller>=6.10,<7" }

$Work = Join-Path $Root "build\pyinstaller"
$Dist = Join-Path $Root "dist\desktop"
New-Item -ItemType Directory -Force $Work, $Dist | Out-Null
$Started = Get-Date
# from the work folder, so that the repository's packaging\ folder is not on sys.path
Push-Location $Work
try {
    Invoke-Checked "PyInstaller" {
        & $Py -m PyInstaller --noconfirm --log-level WARN --distpath $Dist --workpath $Work "$Root\packaging\zongzhi.spec"
    }
} finally { Pop-Location }
$Seconds = [int]((Get-Date) - $Started).TotalSeconds

$Version = (& $Py -c "import zongzhi_desktop; print(zongzhi_desktop.__version__)").Trim()
$PySide = (& $Py -c "import PySide6; print(PySide6.__version__)").Trim()
$Commit = (git rev-parse --short HEAD 2>$null)
@(
    "zongzhi desktop bundle",
    "version: $Version",
    "commit: $Commit",
    "built: $((Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')) on Windows x64",
    "pyside6: $PySide"
) | Set-Content -Encoding UTF8 (Join-Path $Dist "zongzhi\BUILD-INFO.txt")
Write-Host "build: $Dist\zongzhi built in $Seconds s"

Invoke-Checked "smoke test" { & $Py tools\smoke_built_app.py --bundle "$Dist\zongzhi" }

$Iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"
if (-not (Test-Path $Iscc)) { throw "Inno Setup 6 not found at $Iscc (https://jrsoftware.org/isinfo.php)" }
Invoke-Checked "Inno Setup" { & $Iscc "/DAppVersion=$Version" packaging\windows\zongzhi.iss }
Write-Host "installer: dist\installer\zongzhi-setup-$Version-x64.exe"
