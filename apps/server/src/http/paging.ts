/** @module The paged envelope's links: self, current, and next/previous only where such a page exists. */
import type { PagingLinks } from '@linkway/contracts'

export interface PageRequest {
  page: number
  pageSize: number
  /** Filters and ordering to carry into every link, in the order given. */
  carried?: Record<string, string | undefined>
}

export function pagingLinks(basePath: string, request: PageRequest, totalResults: number): PagingLinks {
  const href = (page: number) => {
    const params = new URLSearchParams({ page: String(page), pageSize: String(request.pageSize) })
    for (const [name, value] of Object.entries(request.carried ?? {})) if (value !== undefined) params.set(name, value)
    return `${basePath}?${params.toString()}`
  }
  const lastPage = Math.max(1, Math.ceil(totalResults / request.pageSize))
  return {
    self: { href: basePath },
    current: { href: href(request.page) },
    ...(request.page < lastPage ? { next: { href: href(request.page + 1) } } : {}),
    ...(request.page > 1 ? { previous: { href: href(Math.min(request.page - 1, lastPage)) } } : {}),
  }
}
