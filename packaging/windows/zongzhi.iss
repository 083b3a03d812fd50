; Inno Setup 6.3+ script of the Windows installer: the PyInstaller folder dist\desktop\zongzhi\ (see
; docs/install-desktop.md) installed per user (no administrator needed) or, when run as administrator
; or chosen in the dialog, for all users. Saved as UTF-8 with BOM: Inno Setup reads the Chinese names
; correctly only then.
;   iscc /DAppVersion=0.1.0 packaging\windows\zongzhi.iss      -> dist\installer\zongzhi-setup-0.1.0-x64.exe
;
; The data folder is never inside the install folder: the program keeps the store, accounts, backups and
; logs in the Windows user's %LOCALAPPDATA%\zongzhi\zongzhi (or ZONGZHI_HOME / --home). Installing a
; new version over the old one and uninstalling leave it alone.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "综治中心"
; relative paths below are relative to this script's folder
#define Bundle "..\..\dist\desktop\zongzhi"

[Setup]
; The AppId ties every later version to this one: keep it forever, or upgrades install side by side.
AppId={{06661B5D-B5B3-42F3-82AF-89229CECC299}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=综治中心项目组
VersionInfoVersion={#AppVersion}
; per user by default ({autopf} = %LOCALAPPDATA%\Programs); per machine (Program Files) when elevated
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
DefaultDirName={autopf}\Zongzhi
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
; Qt 6 needs Windows 10 1809 or later; the bundle is x64 only (no 32-bit Qt 6; ARM64 Windows untested)
MinVersion=10.0.17763
ArchitecturesAllowed=x64os
ArchitecturesInstallIn64BitMode=x64os
OutputDir=..\..\dist\installer
OutputBaseFilename=zongzhi-setup-{#AppVersion}-x64
UninstallDisplayIcon={app}\zongzhi-desktop.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; a running copy is closed (Restart Manager) before its files are replaced
CloseApplications=yes
RestartApplications=no

[Languages]
; Inno Setup ships no Simplified Chinese messages: put the community ChineseSimplified.isl
; (jrsoftware.org/files/istrans/) next to this script to get a Chinese wizard.
#if FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
Name: "zh"; MessagesFile: "ChineseSimplified.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade replaces the program files wholesale: a migration script or library left over from the
; old version must not linger beside the new ones (Alembic would see two heads). Data is not in {app}.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\zongzhi-desktop.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#Bundle}\zongzhi.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#Bundle}\BUILD-INFO.txt"; DestDir: "{app}"; Flags: ignoreversion skipifsourcedoesntexist
Source: "{#Bundle}\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\zongzhi-desktop.exe"
Name: "{autoprograms}\{#AppName} 命令行"; Filename: "{cmd}"; Parameters: "/k cd /d ""{app}"" && zongzhi.exe --help"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\zongzhi-desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\zongzhi-desktop.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
