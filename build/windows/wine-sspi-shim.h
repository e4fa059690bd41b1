/*
 * Force-included (-include) into the `kerberos` addon built from its Windows sources (build/windows/build.sh):
 * the Windows lane's test build and the addon kerbprobe.exe carries. The addon's .cc files stay unchanged.
 *
 * Every change below acts only under Wine: `kp_under_wine()` is true when ntdll.dll exports
 * `wine_get_version`, which Wine's ntdll does and Windows' never does. On Windows the addon calls SSPI exactly
 * as the unmodified sources do; so the command a helpdesk installs is the one the lane runs under Wine.
 *
 * Wine 8.0 differs from Windows in two ways this header papers over, and nothing else:
 *  1. Its Kerberos SSP rejects ISC_REQ_ALLOCATE_MEMORY ("flags 0x100 not supported", then
 *     SEC_E_INCOMPLETE_MESSAGE), which the addon always asks for. Here the flag is cleared and the output
 *     token buffer is allocated by us; FreeContextBuffer frees exactly the buffers we allocated and hands
 *     every other pointer to the real FreeContextBuffer.
 *  2. Wine has no message texts for SEC_E_* statuses, so FormatMessageA fails and the addon's error is the
 *     bare API name. When the system has no text, the status is written as "0x%08X" instead, so the error
 *     still names what SSPI returned (Windows writes a localized sentence there).
 */
#ifndef KERBPROBE_WINE_SSPI_SHIM_H
#define KERBPROBE_WINE_SSPI_SHIM_H

#define SECURITY_WIN32 1
#include <windows.h>
#include <sspi.h>
#include <stdio.h>
#include <stdlib.h>

#define KP_WINE_TOKEN_BYTES 65536
#define KP_WINE_MAX_OWNED 64

static void *kp_wine_owned[KP_WINE_MAX_OWNED];
static CRITICAL_SECTION kp_wine_lock;
static INIT_ONCE kp_wine_once = INIT_ONCE_STATIC_INIT;

/* True inside Wine: its ntdll exports wine_get_version (Windows' does not). Asked once. */
static BOOL kp_under_wine(void) {
  static int known = -1;
  if (known < 0) {
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    known = ntdll != NULL && GetProcAddress(ntdll, "wine_get_version") != NULL;
  }
  return known == 1;
}

static BOOL CALLBACK kp_wine_init(PINIT_ONCE, PVOID, PVOID *) {
  InitializeCriticalSection(&kp_wine_lock);
  return TRUE;
}

static void kp_wine_remember(void *p) {
  InitOnceExecuteOnce(&kp_wine_once, kp_wine_init, NULL, NULL);
  EnterCriticalSection(&kp_wine_lock);
  for (int i = 0; i < KP_WINE_MAX_OWNED; i++) {
    if (kp_wine_owned[i] == NULL) { kp_wine_owned[i] = p; break; }
  }
  LeaveCriticalSection(&kp_wine_lock);
}

static BOOL kp_wine_forget(void *p) {
  BOOL found = FALSE;
  InitOnceExecuteOnce(&kp_wine_once, kp_wine_init, NULL, NULL);
  EnterCriticalSection(&kp_wine_lock);
  for (int i = 0; i < KP_WINE_MAX_OWNED; i++) {
    if (p != NULL && kp_wine_owned[i] == p) { kp_wine_owned[i] = NULL; found = TRUE; break; }
  }
  LeaveCriticalSection(&kp_wine_lock);
  return found;
}

static SECURITY_STATUS SEC_ENTRY kp_wine_InitializeSecurityContextW(
    PCredHandle cred, PCtxtHandle ctx, SEC_WCHAR *target, ULONG req, ULONG reserved1, ULONG drep,
    PSecBufferDesc input, ULONG reserved2, PCtxtHandle newCtx, PSecBufferDesc output, PULONG attrs,
    PTimeStamp expiry) {
  if (kp_under_wine() && (req & ISC_REQ_ALLOCATE_MEMORY) && output != NULL) {
    req &= ~(ULONG)ISC_REQ_ALLOCATE_MEMORY;
    for (ULONG i = 0; i < output->cBuffers; i++) {
      SecBuffer *b = &output->pBuffers[i];
      if (b->BufferType == SECBUFFER_TOKEN && b->pvBuffer == NULL) {
        b->pvBuffer = malloc(KP_WINE_TOKEN_BYTES);
        b->cbBuffer = b->pvBuffer ? KP_WINE_TOKEN_BYTES : 0;
        if (b->pvBuffer) kp_wine_remember(b->pvBuffer);
      }
    }
  }
  SECURITY_STATUS s = InitializeSecurityContextW(cred, ctx, target, req, reserved1, drep, input, reserved2,
                                                 newCtx, output, attrs, expiry);
  if (s != SEC_E_OK && s != SEC_I_CONTINUE_NEEDED && output != NULL) {
    /* The addon frees only what it was given back; leave it nothing on failure, as Windows does. */
    for (ULONG i = 0; i < output->cBuffers; i++) {
      SecBuffer *b = &output->pBuffers[i];
      if (b->pvBuffer && kp_wine_forget(b->pvBuffer)) { free(b->pvBuffer); b->pvBuffer = NULL; b->cbBuffer = 0; }
    }
  }
  return s;
}

static SECURITY_STATUS SEC_ENTRY kp_wine_FreeContextBuffer(PVOID p) {
  if (kp_wine_forget(p)) { free(p); return SEC_E_OK; }
  return FreeContextBuffer(p);
}

static DWORD WINAPI kp_wine_FormatMessageA(DWORD flags, LPCVOID source, DWORD id, DWORD lang, LPSTR buf,
                                           DWORD size, va_list *args) {
  DWORD n = FormatMessageA(flags, source, id, lang, buf, size, args);
  if (n != 0 || !kp_under_wine() || !(flags & FORMAT_MESSAGE_ALLOCATE_BUFFER) || !(flags & FORMAT_MESSAGE_FROM_SYSTEM))
    return n;
  char *text = (char *)LocalAlloc(LMEM_FIXED, 16);
  if (text == NULL) return 0;
  n = (DWORD)snprintf(text, 16, "0x%08lX", (unsigned long)id);
  *(LPSTR *)buf = text;
  return n;
}

#define InitializeSecurityContextW kp_wine_InitializeSecurityContextW
#define FreeContextBuffer kp_wine_FreeContextBuffer
#define FormatMessageA kp_wine_FormatMessageA

#endif
